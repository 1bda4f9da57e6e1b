using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Events;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

internal static class RunCommand
{
    public static Command Create()
    {
        var untilIdle = new Option<bool>("--until-idle") { Description = "Drain every queue, run one sweep, drain the revocations it queued, print a summary and exit" };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "With --until-idle: give up after this long", DefaultValueFactory = _ => TimeSpan.FromMinutes(10) };
        var hostJson = new Option<string>("--host-json") { Description = "host.json whose queue settings to honour", DefaultValueFactory = _ => "host.json" };
        var schedule = new Option<string>("--schedule")
        {
            Description = "Sweep schedule, six-field NCRONTAB UTC (env SweepSchedule)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SweepSchedule") ?? "0 */5 * * * *",
        };
        var port = new Option<int?>("--port")
        {
            Description = $"Serve the HTTP API (POST /api/...) on 127.0.0.1 at this port (0: any free port). Default {LocalApi.DefaultPort}; with --until-idle, only when given",
        };
        var noApi = new Option<bool>("--no-api") { Description = "Do not serve the HTTP API" };
        var command = new Command("run", "The local host: consume the intake and revocation queues, run sweeps on schedule, and serve the HTTP API on a loopback port.\n\n" +
            "Example: revctl run --until-idle --host-json host.json") { untilIdle, timeout, hostJson, schedule, port, noApi };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            using var services = CliServices.Build(settings);
            var clients = services.GetRequiredService<StorageClients>();
            // Not cancelled by an early Ctrl+C: the exit summary reads the queues this creates.
            await CliStorage.EnsureProvisionedAsync(settings, clients, CancellationToken.None);
            var counter = services.GetRequiredService<StorageRequestCounter>();
            counter.Reset();
            var stats = new RunStats();
            var host = new LocalHost(services, HostSettings.Load(parse.GetValue(hostJson)!), parse.GetValue(schedule)!, stats);
            var apiPort = parse.GetValue(noApi) ? null : parse.GetValue(port) ?? (parse.GetValue(untilIdle) ? null : LocalApi.DefaultPort);
            if (apiPort is < 0 or > 65535) throw new UsageException($"--port must be 0-65535, not {apiPort}");
            // Not cancelled by an early SIGTERM either (a start takes well under a second): the run below sees it and exits cleanly.
            await using var api = apiPort is { } p ? await LocalApi.StartAsync(services, p, CancellationToken.None) : null;
            try
            {
                if (parse.GetValue(untilIdle))
                {
                    using var progress = new Progress(settings.Json);
                    await host.RunUntilIdleAsync(parse.GetValue(timeout), progress, ct);
                }
                else
                {
                    // Live counts on stderr when it is a terminal; nothing there otherwise but logs.
                    using var progress = new Progress(settings.Json, TimeSpan.FromSeconds(1));
                    await RunProgress.WhileAsync(host.RunAsync(ct), stats, progress);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl+C / SIGTERM: stop receiving; messages in flight finished, unreceived ones stay queued.
            }
            finally
            {
                await services.GetRequiredService<TableActiveTokenCounter>().FlushAsync(CancellationToken.None);
            }
            var waiting = 0;
            foreach (var q in QueueNames.All)
                waiting += (await clients.Queues.GetQueueClient(q).GetPropertiesAsync(CancellationToken.None)).Value.ApproximateMessagesCount;
            RunSummary.Write(settings.Format, stats, host.SweepReports, waiting, counter);
            return RunSummary.Failed(stats) ? CliApp.Failure : CliApp.Ok;
        }));
        return command;
    }
}
