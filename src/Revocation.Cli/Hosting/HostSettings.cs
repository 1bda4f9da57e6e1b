using System.Text.Json;

namespace Revocation.Cli.Hosting;

/// <summary>The queue settings of host.json (<c>extensions.queues</c>), with the Functions host's defaults.</summary>
internal sealed record HostSettings
{
    public int BatchSize { get; init; } = 16;
    public int NewBatchThreshold { get; init; } = 8;
    public int MaxDequeueCount { get; init; } = 5;
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a received message stays invisible while <c>revctl run</c> handles it; renewed every third of it while
    /// the message is in hand, so it bounds how long a killed host, or a receive whose answer storage lost as it went
    /// down, delays redelivery. Default 10 s: a message handled in under 3 s (almost all) is never renewed, so a short
    /// lease costs nothing. Not a host.json setting (the Functions host keeps and renews its own lease).
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(10);

    public static HostSettings Load(string path)
    {
        if (!File.Exists(path)) return new HostSettings();
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!doc.RootElement.TryGetProperty("extensions", out var ext) || !ext.TryGetProperty("queues", out var q)) return new HostSettings();
        var s = new HostSettings();
        if (q.TryGetProperty("batchSize", out var b)) s = s with { BatchSize = Math.Clamp(b.GetInt32(), 1, 32) };
        s = s with { NewBatchThreshold = q.TryGetProperty("newBatchThreshold", out var n) ? n.GetInt32() : s.BatchSize / 2 };
        if (q.TryGetProperty("maxDequeueCount", out var m)) s = s with { MaxDequeueCount = m.GetInt32() };
        if (q.TryGetProperty("visibilityTimeout", out var v)) s = s with { VisibilityTimeout = TimeSpan.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture) };
        if (q.TryGetProperty("maxPollingInterval", out var p)) s = s with { MaxPollingInterval = TimeSpan.Parse(p.GetString()!, System.Globalization.CultureInfo.InvariantCulture) };
        return s;
    }
}
