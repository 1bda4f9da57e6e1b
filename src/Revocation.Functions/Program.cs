using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Revocation.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
// HTTP triggers take ASP.NET Core's HttpRequest and answer with its results (the API in Revocation.Http).
builder.ConfigureFunctionsWebApplication();
builder.Services.AddRevocationFunctions(builder.Configuration);
builder.Build().Run();
