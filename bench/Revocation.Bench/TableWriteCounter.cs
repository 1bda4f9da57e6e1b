using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace Revocation.Bench;

/// <summary>
/// Counts what the table clients send (per try, like <see cref="Revocation.Storage.StorageRequestCounter"/>):
/// entities written (one per single-entity write request; one per operation inside a <c>$batch</c> transaction, read
/// from the multipart body), write requests, and read requests by table, query pages apart from point reads.
/// </summary>
internal sealed class TableWriteCounter : HttpPipelineSynchronousPolicy
{
    private static readonly string[] BatchVerbs = ["POST ", "PUT ", "PATCH ", "MERGE ", "DELETE "];
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _reads = new(StringComparer.Ordinal);
    private long _entitiesWritten;
    private long _writeRequests;

    public long EntitiesWritten { get { lock (_lock) return _entitiesWritten; } }
    public long WriteRequests { get { lock (_lock) return _writeRequests; } }

    /// <summary>Read requests by <c>table.query</c> (a page of a query) or <c>table.point</c> (one entity by its keys).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Reads()
    {
        lock (_lock) return [.. _reads.OrderBy(r => r.Key, StringComparer.Ordinal)];
    }

    public long ReadRequests(string table, string kind)
    {
        lock (_lock) return _reads.GetValueOrDefault($"{table}.{kind}");
    }

    public void Reset()
    {
        lock (_lock)
        {
            _reads.Clear();
            _entitiesWritten = 0;
            _writeRequests = 0;
        }
    }

    /// <summary>Adds this counter to table clients' options (queue clients are left alone).</summary>
    public void Attach(ClientOptions options)
    {
        if (options is TableClientOptions) options.AddPolicy(this, HttpPipelinePosition.PerRetry);
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var segment = request.Uri.Path.TrimEnd('/');
        segment = segment[(segment.LastIndexOf('/') + 1)..];
        var paren = segment.IndexOf('(', StringComparison.Ordinal);
        var table = paren < 0 ? segment : segment[..paren];
        lock (_lock)
        {
            if (request.Method == RequestMethod.Get)
            {
                var kind = segment.Contains("PartitionKey=", StringComparison.Ordinal) ? "point" : "query";
                _reads[$"{table}.{kind}"] = _reads.GetValueOrDefault($"{table}.{kind}") + 1;
                return;
            }
            _writeRequests++;
            _entitiesWritten += table == "$batch" ? BatchOperations(request) : 1;
        }
    }

    private static int BatchOperations(Request request)
    {
        if (request.Content is null) return 0;
        using var buffer = new MemoryStream();
        request.Content.WriteTo(buffer, CancellationToken.None);
        var n = 0;
        foreach (var line in Encoding.UTF8.GetString(buffer.ToArray()).Split('\n'))
            if (BatchVerbs.Any(v => line.StartsWith(v, StringComparison.Ordinal) && line.Contains("HTTP/1.1", StringComparison.Ordinal)))
                n++;
        return n;
    }
}
