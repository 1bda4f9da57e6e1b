using System.Text.Json;

namespace Revocation.Functions.Tests;

/// <summary>
/// The bindings the Worker SDK generated into functions.metadata, and the host.json / local settings the app
/// relies on: a renamed queue, a lost connection name or a changed schedule would otherwise only show in Azure.
/// </summary>
public sealed class FunctionsMetadataTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly Lazy<string> Root = new(FindRepoRoot);

    [Fact]
    public void FunctionsMetadata_EveryFunction_HasExactlyTheExpectedTrigger()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(MetadataPath()));
        var functions = doc.RootElement.EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone(), StringComparer.Ordinal);

        Assert.Equal(
            ["DecisionsFunction", "IdentityEventsFunction", "ReconcileFunction", "RevocationsFunction", "SignalsFunction", "SweepFunction", "TokenEventsFunction"],
            functions.Keys.Order(StringComparer.Ordinal));

        AssertQueueTrigger(functions["TokenEventsFunction"], "token-events");
        AssertQueueTrigger(functions["IdentityEventsFunction"], "identity-events");
        AssertQueueTrigger(functions["RevocationsFunction"], "revocations");

        var timer = SingleBinding(functions["SweepFunction"]);
        Assert.Equal("timerTrigger", timer.GetProperty("type").GetString());
        Assert.Equal("In", timer.GetProperty("direction").GetString());
        Assert.Equal("%SweepSchedule%", timer.GetProperty("schedule").GetString());
        Assert.True(timer.GetProperty("useMonitor").GetBoolean());
        Assert.False(timer.GetProperty("runOnStartup").GetBoolean());

        // The host checks function keys before the worker runs: authLevel "Function" is what makes a keyless call 401.
        // POST only; for signed SETs the endpoint checks the SET's signature as well.
        foreach (var (function, route) in new[] { ("DecisionsFunction", "decisions"), ("SignalsFunction", "signals") })
        {
            var http = Assert.Single(functions[function].GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "httpTrigger");
            Assert.Equal(("In", "Function", route), (http.GetProperty("direction").GetString(), http.GetProperty("authLevel").GetString(), http.GetProperty("route").GetString()));
            Assert.Equal(["post"], http.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        }

        var reconcile = SingleBinding(functions["ReconcileFunction"]);
        Assert.Equal("timerTrigger", reconcile.GetProperty("type").GetString());
        Assert.Equal("%ReconcileSchedule%", reconcile.GetProperty("schedule").GetString());
        Assert.True(reconcile.GetProperty("useMonitor").GetBoolean());
        Assert.False(reconcile.GetProperty("runOnStartup").GetBoolean());
    }

    [Fact]
    public void HostJson_Queues_HaveTheRetryAndBatchSettings()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root.Value, "host.json")));
        var queues = doc.RootElement.GetProperty("extensions").GetProperty("queues");

        // 5 is QueueFailureLog.MaxDequeueCount (src/Revocation.Functions/QueueFailureLog.cs): the app decides when a
        // message is on its last attempt from that constant, so host.json must agree. The constant is internal and this
        // project does not load the app's assembly, so the literal is asserted here; change both together.
        Assert.Equal(5, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(16, queues.GetProperty("batchSize").GetInt32());
        Assert.Equal("00:00:30", queues.GetProperty("visibilityTimeout").GetString());
    }

    [Fact]
    public void LocalSettingsSample_Values_HaveEverySettingTheAppReads()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root.Value, "local.settings.sample.json")));
        var values = doc.RootElement.GetProperty("Values");

        foreach (var name in new[] { "SweepSchedule", "ReconcileSchedule", "RevocationStorage", "AzureWebJobsStorage", "Revocation__PolicyFile" })
        {
            Assert.True(values.TryGetProperty(name, out _), $"local.settings.sample.json Values lacks '{name}'");
        }
    }

    private static void AssertQueueTrigger(JsonElement function, string queueName)
    {
        var binding = SingleBinding(function);
        Assert.Equal("queueTrigger", binding.GetProperty("type").GetString());
        Assert.Equal("In", binding.GetProperty("direction").GetString());
        Assert.Equal(queueName, binding.GetProperty("queueName").GetString());
        Assert.Equal("RevocationStorage", binding.GetProperty("connection").GetString());
    }

    private static JsonElement SingleBinding(JsonElement function) =>
        Assert.Single(function.GetProperty("bindings").EnumerateArray());

    private static string MetadataPath()
    {
        var path = Path.Combine(Root.Value, "src", "Revocation.Functions", "bin", Configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build src/Revocation.Functions in {Configuration} first");
        return path;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RevocationFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No RevocationFunctions.sln above {AppContext.BaseDirectory}");
    }
}
