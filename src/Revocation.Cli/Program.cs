using System.Runtime.InteropServices;
using Revocation.Cli;

// System.CommandLine registers its SIGINT/SIGTERM handlers only after the command's synchronous start (composition,
// policy loading): a signal before then would kill the process (exit 143, no run summary). Cancel from here instead.
// Never disposed: a signal's handler may still run while Main returns.
var stopping = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return await CliApp.InvokeAsync(args, stopping.Token);

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopping.Cancel();
}
