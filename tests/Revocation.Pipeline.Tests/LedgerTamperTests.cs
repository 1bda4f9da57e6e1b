using Azure;
using Azure.Data.Tables;
using Revocation.Core.Ledger;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests;

/// <summary>
/// Tampering with the stored ledger itself (entities in Azurite, as an attacker with table access would):
/// any single modification, deletion or insertion fails verification and names exactly the chain touched.
/// </summary>
public sealed class LedgerTamperTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");

    [Fact]
    public async Task Verify_AnySingleEntityTampering_FailsAndNamesTheChain()
    {
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile);
        var now = DateTimeOffset.UtcNow;
        for (var t = 0; t < 4; t++)
        {
            await p.DeliverAsync(Events.Issued($"ti{t}", $"tamper:{t}", "batch", "alice", now.AddMinutes(-30)));
            for (var u = 0; u < t + 1; u++)
                await p.DeliverAsync($$$"""{"specversion":"1.0","id":"tu{{{t}}}-{{{u}}}","source":"urn:broker","type":"token.used","time":"{{{Events.Time(now.AddMinutes(-20 + u))}}}","data":{"tokenId":"tamper:{{{t}}}"}}""");
            await p.DeliverAsync(Events.Transfer($"tt{t}", $"tamper:{t}", "urn:rogue", "alice", "mallory", now.AddMinutes(-5)));
        }
        var audit = p.Get<LedgerAuditService>();
        Assert.All(await audit.VerifyAllAsync(null, CancellationToken.None), r => Assert.True(r.IsIntact, string.Join("; ", r.Problems)));

        var table = p.Clients.Tables.GetTableClient("ledger");
        var rng = new Random(20261128);
        for (var round = 0; round < 40; round++)
        {
            var chain = $"tamper:{rng.Next(4)}";
            var rows = new List<TableEntity>();
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Revocation.Storage.KeyEncoding.Encode(chain)}")))
                rows.Add(row);
            var entries = rows.Where(r => r.RowKey.Length == 19 && r.RowKey.All(char.IsAsciiDigit)).ToList();
            var state = rows.Single(r => r.RowKey == "~state");
            var victim = entries[rng.Next(entries.Count)];
            var kind = rng.Next(6);
            Func<Task> restore;
            switch (kind)
            {
                case 0 or 1 or 2:
                    var field = new[] { "Reason", "Data", "OccurredAt", "Decision", "EventSource" }[rng.Next(5)];
                    var original = new TableEntity(victim);
                    victim[field] = field == "OccurredAt" ? "2020-01-01T00:00:00.0000000Z" : (victim.GetString(field) ?? "") + "x";
                    await table.UpdateEntityAsync(victim, ETag.All, TableUpdateMode.Replace);
                    restore = () => table.UpsertEntityAsync(original, TableUpdateMode.Replace);
                    break;
                case 3:
                    await table.DeleteEntityAsync(victim.PartitionKey, victim.RowKey);
                    restore = () => table.AddEntityAsync(new TableEntity(victim));
                    break;
                case 4:
                    // A forged entry appended after the head, correctly hashed onto the last entry.
                    var last = entries.MaxBy(e => e.GetInt64("Seq"))!;
                    var forged = new TableEntity(last) { RowKey = (last.GetInt64("Seq")!.Value + 1).ToString("D19", System.Globalization.CultureInfo.InvariantCulture) };
                    forged["Seq"] = last.GetInt64("Seq")!.Value + 1;
                    forged["PrevHash"] = last.GetString("Hash");
                    await table.AddEntityAsync(forged);
                    restore = () => table.DeleteEntityAsync(forged.PartitionKey, forged.RowKey);
                    break;
                default:
                    await table.DeleteEntityAsync(state.PartitionKey, state.RowKey);
                    restore = () => table.AddEntityAsync(new TableEntity(state));
                    break;
            }

            var results = await audit.VerifyAllAsync(null, CancellationToken.None);
            var failed = Assert.Single(results, r => !r.IsIntact);
            Assert.Equal(chain, failed.Chain);

            await restore();
            Assert.All(await audit.VerifyAllAsync(null, CancellationToken.None), r => Assert.True(r.IsIntact, $"round {round} kind {kind}: restore"));
        }
    }

    public void Dispose() => File.Delete(_keyFile);
}
