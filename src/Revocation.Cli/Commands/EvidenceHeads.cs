using System.Text.Json;
using Revocation.Core.Ledger;

namespace Revocation.Cli.Commands;

/// <summary>
/// The chain heads an evidence pack recorded (<c>verification.json</c>), compared with the live ledger: a chain of the
/// pack that is gone (a whole token's partition deleted, which the table alone cannot show) or whose entry at the pack's
/// head no longer has the pack's hash is reported as altered.
/// </summary>
internal sealed class EvidenceHeads
{
    public const string FileName = "verification.json";

    private readonly Dictionary<string, (long Seq, string Hash)> _heads;
    private readonly Dictionary<string, string?> _seen = new(StringComparer.Ordinal);

    private EvidenceHeads(Dictionary<string, (long, string)> heads) => _heads = heads;

    public static EvidenceHeads Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new UsageException($"--against: {path} does not exist (give the folder revctl evidence --out wrote)");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var heads = new Dictionary<string, (long, string)>(StringComparer.Ordinal);
            foreach (var c in doc.RootElement.GetProperty("chains").EnumerateArray())
                heads[c.GetProperty("chain").GetString()!] = (c.GetProperty("lastSeq").GetInt64(), c.GetProperty("lastHash").GetString()!);
            return new EvidenceHeads(heads);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new UsageException($"--against: {path} is not an evidence pack's verification file: {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>Keeps, for each chain of the pack, the live hash at the pack's head sequence.</summary>
    public void Visit(string chain, IReadOnlyList<LedgerEntry> entries)
    {
        if (!_heads.TryGetValue(chain, out var head)) return;
        _seen[chain] = entries.FirstOrDefault(e => e.Seq == head.Seq)?.Hash;
    }

    /// <summary>The live verification of a chain, with a problem added when it no longer holds the pack's head.</summary>
    public ChainVerification Check(ChainVerification live)
    {
        ArgumentNullException.ThrowIfNull(live);
        if (!_heads.TryGetValue(live.Chain, out var head) || head.Seq == 0 || _seen.GetValueOrDefault(live.Chain) == head.Hash) return live;
        return live with { Problems = [.. live.Problems, $"entry {head.Seq}: not the one the evidence pack recorded (hash {head.Hash[..12]}…): the chain was rewritten or cut" ] };
    }

    /// <summary>Chains the pack holds that the live ledger does not have at all: deleted whole.</summary>
    public IEnumerable<ChainVerification> Missing() =>
        _heads.Where(h => h.Value.Seq > 0 && !_seen.ContainsKey(h.Key)).OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => new ChainVerification(h.Key, 0,
                [$"in the evidence pack ({h.Value.Seq} entries, head {h.Value.Hash[..12]}…) but not in the ledger: the whole chain was deleted"]));
}
