using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Revocation.Core.Events;
using Revocation.Http;
using Revocation.Signals;

namespace Revocation.Bench;

/// <summary>
/// Issue 15: accepted signed SETs per second over HTTP (Kestrel on loopback, <c>POST /api/signals</c>: verify the RS256
/// signature, map, enqueue, 202) from 16 concurrent transmitters, beside the queue path measured in the same run: the same
/// events sent straight to the intake queue by 16 concurrent publishers (what a publisher with queue send rights does).
/// Both end when each event is durably queued. SETs are signed before the clock starts (transmitters sign on their side).
/// </summary>
internal static class SignalsBench
{
    private const int Transmitters = 16;
    private const double TargetRatio = 0.5;
    private const string Audience = "https://revocation.bench/api/signals";

    public static async Task<int> RunAsync(int events, CancellationToken cancellationToken)
    {
        await using var azurite = await BenchAzurite.StartAsync(cancellationToken);
        var keys = Enumerable.Range(0, Transmitters).Select(i => SetKeys.Generate("RS256", $"t{i}")).ToList();
        var policyFile = Events.WritePolicy("http://127.0.0.1:9/revoke", "x", "env:X", "P90D", "revoke", 1000);
        var policy = JsonNode.Parse(await File.ReadAllTextAsync(policyFile, cancellationToken))!.AsObject();
        var transmitters = new JsonObject();
        for (var i = 0; i < Transmitters; i++)
            transmitters[$"t{i}"] = new JsonObject
            {
                ["issuer"] = Issuer(i), ["source"] = $"urn:bench:t{i}", ["audience"] = Audience, ["algorithms"] = new JsonArray("RS256"),
                ["keys"] = SetKeys.PublicJwks(keys[i]), ["events"] = new JsonArray(SetEventTypes.OwnPrefix + EventTypes.TokenUsed),
            };
        policy["transmitters"] = transmitters;
        await File.WriteAllTextAsync(policyFile, policy.ToJsonString(), cancellationToken);
        try
        {
            using var host = await BenchHost.CreateAsync(azurite.ConnectionString, policyFile, keyFile: null, cancellationToken,
                configureServices: s => s.AddRevocationSignals(new ConfigurationBuilder().Build()).AddRevocationApi());
            var now = DateTimeOffset.UtcNow;
            // Each path first handles a warm-up of its own (JIT, connections, Azurite's first queue writes), not timed.
            var warmUp = Math.Max(Transmitters, events / 10);
            var sets = Enumerable.Range(0, events + warmUp).Select(i => SetSigner.Sign(
                SetSigner.Claims(Issuer(i % Transmitters), Audience, $"set-{i}", now, SetEventTypes.OwnPrefix + EventTypes.TokenUsed,
                    new JsonObject { ["tokenId"] = $"bench:signals-{i:D6}" }), SetKeys.ReadPrivate(keys[i % Transmitters].ToJsonString()), "RS256")).ToList();

            var queue = host.Clients.Queues.GetQueueClient(QueueNames.TokenEvents);
            async Task SendAsync(IEnumerable<int> range) => await Parallel.ForEachAsync(range,
                new ParallelOptions { MaxDegreeOfParallelism = Transmitters, CancellationToken = cancellationToken },
                async (i, ct) => await queue.SendMessageAsync(Events.Used($"evt-{i}", $"bench:signals-{i:D6}", now), ct));
            await SendAsync(Enumerable.Range(events, warmUp));
            var direct = Stopwatch.StartNew();
            await SendAsync(Enumerable.Range(0, events));
            direct.Stop();

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            await using var app = builder.Build();
            app.MapRevocationApi([host.Get<Http.Signals.SignalsEndpoint>()]);
            await app.StartAsync(cancellationToken);
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var accepted = 0;
            var refused = 0;
            async Task PushAsync(int from, int count) => await Parallel.ForEachAsync(Enumerable.Range(0, Transmitters),
                new ParallelOptions { MaxDegreeOfParallelism = Transmitters, CancellationToken = cancellationToken },
                async (t, ct) =>
                {
                    for (var i = from + t; i < from + count; i += Transmitters)
                    {
                        using var content = new StringContent(sets[i]);
                        content.Headers.ContentType = MediaTypeHeaderValue.Parse(SignalService.MediaType);
                        using var response = await http.PostAsync(new Uri("/api/signals", UriKind.Relative), content, ct);
                        if (response.StatusCode == HttpStatusCode.Accepted) Interlocked.Increment(ref accepted);
                        else Interlocked.Increment(ref refused);
                    }
                });
            await PushAsync(events, warmUp);
            (accepted, refused) = (0, 0);
            var pushed = Stopwatch.StartNew();
            await PushAsync(0, events);
            pushed.Stop();

            var queueRate = events / direct.Elapsed.TotalSeconds;
            var setRate = accepted / pushed.Elapsed.TotalSeconds;
            var queued = (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            Output.Line("signals.transmitters", Transmitters, "concurrent");
            Output.Line("signals.events", events, "events per path");
            Output.Seconds("queue_path.time", direct.Elapsed);
            Output.Line("queue_path.throughput", Math.Round(queueRate, 1), "events/s");
            Output.Seconds("signals.time", pushed.Elapsed);
            Output.Line("signals.accepted", accepted, "SETs");
            Output.Line("signals.refused", refused, "SETs");
            Output.Line("signals.throughput", Math.Round(setRate, 1), "accepted SETs/s");
            Output.Line("signals.queued_messages", queued, "messages (both paths, warm-ups included)");
            var ratio = setRate / queueRate;
            Output.Line("signals.ratio_to_queue_path", Math.Round(ratio, 3), "");
            Output.Text("signals.target", $">= {TargetRatio} of the queue path: {(ratio >= TargetRatio ? "met" : "NOT met")}");
            return accepted == events && refused == 0 ? 0 : 1;
        }
        finally
        {
            File.Delete(policyFile);
        }
    }

    private static string Issuer(int i) => $"https://transmitter-{i}.bench/";
}
