using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace Revocation.Bench;

/// <summary>
/// Entities written per table partition (per try, like <see cref="TableWriteCounter"/>): a single-entity write counts
/// one for the partition in its URL or JSON body; a <c>$batch</c> counts each of its operations for the partition
/// they share (an entity group transaction holds one partition).
/// </summary>
internal sealed partial class PartitionWriteCounter : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentDictionary<(string Table, string Partition), long> _entities = new();

    public void Reset() => _entities.Clear();

    /// <summary>Entities written, by table and partition.</summary>
    public IReadOnlyDictionary<(string Table, string Partition), long> Snapshot() => new Dictionary<(string, string), long>(_entities);

    public void Attach(ClientOptions options)
    {
        if (options is TableClientOptions) options.AddPolicy(this, HttpPipelinePosition.PerRetry);
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        if (request.Method == RequestMethod.Get) return;
        var path = Uri.UnescapeDataString(request.Uri.Path);
        var body = Body(request);
        if (path.EndsWith("/$batch", StringComparison.Ordinal))
        {
            // Each operation's request line names its table (and, for updates and deletes, the keys).
            var operations = BatchOperation().Matches(body);
            if (operations.Count == 0) return;
            var key = Uri.UnescapeDataString(PartitionInUrl().Match(body) is { Success: true } u ? u.Groups[1].Value : PartitionInJson().Match(body).Groups[1].Value);
            var table = operations[0].Groups[1].Value;
            _entities.AddOrUpdate((table, key.Replace("''", "'", StringComparison.Ordinal)), operations.Count, (_, n) => n + operations.Count);
            return;
        }
        var segment = path.TrimEnd('/')[(path.TrimEnd('/').LastIndexOf('/') + 1)..];
        var paren = segment.IndexOf('(', StringComparison.Ordinal);
        var tableName = paren < 0 ? segment : segment[..paren];
        var partition = PartitionInUrl().Match(segment) is { Success: true } m ? m.Groups[1].Value : PartitionInJson().Match(body).Groups[1].Value;
        _entities.AddOrUpdate((tableName, partition.Replace("''", "'", StringComparison.Ordinal)), 1, (_, n) => n + 1);
    }

    private static string Body(Request request)
    {
        if (request.Content is null) return "";
        using var buffer = new MemoryStream();
        request.Content.WriteTo(buffer, CancellationToken.None);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [GeneratedRegex(@"^(?:POST|PUT|PATCH|MERGE|DELETE) https?://[^ ]*?/([A-Za-z0-9]+)(?:\(|\?| HTTP/1\.1)", RegexOptions.Multiline)]
    private static partial Regex BatchOperation();

    [GeneratedRegex(@"PartitionKey='((?:[^']|'')*)'")]
    private static partial Regex PartitionInUrl();

    [GeneratedRegex("\"PartitionKey\":\"([^\"]*)\"")]
    private static partial Regex PartitionInJson();
}
