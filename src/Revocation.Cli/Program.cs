using Revocation.Cli;

return await CliApp.Build().Parse(args).InvokeAsync();
