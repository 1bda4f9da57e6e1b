using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Revocation.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddRevocationFunctions(builder.Configuration);
builder.Build().Run();
