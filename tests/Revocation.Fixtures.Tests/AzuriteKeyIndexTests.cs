using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Revocation.Testing;

namespace Revocation.Fixtures.Tests;

/// <summary>
/// The benchmarks' Azurite preload (<c>tools/azurite/key-index.cjs</c>) changes how a point lookup finds an entity, never
/// which: the same script of table operations, over keys that share RowKeys across partitions and PartitionKeys across
/// rows (our ledger's and indexes' shapes), gives the same answers with and without it.
/// </summary>
public sealed class AzuriteKeyIndexTests
{
    [Fact]
    public async Task SameAnswers_WithAndWithoutTheKeyIndex()
    {
        await using var plain = await AzuriteFixture.StartAsync(keyIndex: false);
        await using var indexed = await AzuriteFixture.StartAsync(keyIndex: true);
        Assert.False(plain.KeyIndex);
        Assert.True(indexed.KeyIndex, "the preload did not announce itself: Azurite ran without it");

        var expected = await RunScriptAsync(plain.ConnectionString);
        var actual = await RunScriptAsync(indexed.ConnectionString);
        Assert.Equal(expected, actual);
        // The script exercises every kind of answer: found, not found, conflicts, precondition failures, batch failures.
        Assert.Contains(expected, a => a.StartsWith("get p3/state: found", StringComparison.Ordinal));
        Assert.Contains(expected, a => a.Contains("404", StringComparison.Ordinal));
        Assert.Contains(expected, a => a.Contains("409", StringComparison.Ordinal));
        Assert.Contains(expected, a => a.Contains("412", StringComparison.Ordinal));
        Assert.Contains(expected, a => a.StartsWith("query PartitionKey eq 'hour': 41: hour/t0,", StringComparison.Ordinal));
        Assert.Contains(expected, a => a.StartsWith("query PartitionKey eq 'p1' or PartitionKey eq 'p2': 4:", StringComparison.Ordinal));
        Assert.Contains("get p11/state after the failed batch: N=11", expected);
        Assert.Contains("get p8/state: N=800", expected);
        Assert.Contains("get big/r1250: found N=250", expected);
        Assert.Contains(expected, a => a.StartsWith("add big/r1001 again: 409", StringComparison.Ordinal));

        // Settling (a full garbage collection on SIGUSR2, for benchmarks) answers each time and keeps every entity.
        await indexed.SettleAsync();
        await indexed.SettleAsync();
        var table = new TableServiceClient(indexed.ConnectionString).GetTableClient("keyindex");
        Assert.Equal(800, (await table.GetEntityAsync<TableEntity>("p8", "state")).Value.GetInt32("N"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => plain.SettleAsync());
    }

    private static async Task<List<string>> RunScriptAsync(string connectionString)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("keyindex");
        await table.CreateIfNotExistsAsync();
        var log = new List<string>();

        async Task Do(string name, Func<Task<string>> action)
        {
            try
            {
                log.Add($"{name}: {await action()}");
            }
            catch (TableTransactionFailedException e)
            {
                log.Add($"{name}: batch {e.Status} at {e.FailedTransactionActionIndex}");
            }
            catch (RequestFailedException e)
            {
                log.Add($"{name}: {e.Status} {e.ErrorCode}");
            }
        }

        // 40 partitions that each hold a 'state' row and an 'e1' row (a shared RowKey), and one partition with 40 rows.
        for (var p = 0; p < 40; p++)
        {
            var pk = "p" + S(p);
            await Do($"batch {pk}", async () =>
            {
                await table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.Add, new TableEntity(pk, "state") { ["N"] = p }),
                    new(TableTransactionActionType.Add, new TableEntity(pk, "e1") { ["N"] = p }),
                ]);
                return "ok";
            });
            await Do("add hour/" + S(p), async () => S((await table.AddEntityAsync(new TableEntity("hour", "t" + S(p)) { ["N"] = p })).Status));
        }

        // One partition of 300 rows (the preload builds the RowKey index when a lookup meets a partition over 256).
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var first = chunk * 100;
            await Do("batch big " + S(first), async () =>
            {
                await table.SubmitTransactionAsync(Enumerable.Range(first, 100).Select(i =>
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("big", "r" + S(1000 + i)) { ["N"] = i })));
                return "ok";
            });
        }
        await Do("add big/r1001 again", async () => S((await table.AddEntityAsync(new TableEntity("big", "r1001"))).Status));

        foreach (var (pk, rk) in new[] { ("big", "r1250"), ("big", "r1300"), ("p3", "state"), ("p39", "e1"), ("hour", "t7"), ("p40", "state"), ("p3", "e2"), ("hour", "t40"), ("nope", "x") })
        {
            await Do($"get {pk}/{rk}", async () =>
            {
                var r = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk);
                return r.HasValue ? "found N=" + S(r.Value!.GetInt32("N")) : "missing";
            });
        }

        await Do("add duplicate p5/state", async () => S((await table.AddEntityAsync(new TableEntity("p5", "state"))).Status));
        await Do("batch duplicate in p6", async () =>
        {
            await table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, new TableEntity("p6", "dedup")),
                new(TableTransactionActionType.Add, new TableEntity("p6", "e1")),
            ]);
            return "ok";
        });
        await Do("get p6/dedup after the failed batch", async () => (await table.GetEntityIfExistsAsync<TableEntity>("p6", "dedup")).HasValue ? "found" : "missing");

        var current = (await table.GetEntityAsync<TableEntity>("p8", "state")).Value;
        await Do("replace p8/state with its etag", async () =>
        {
            current["N"] = 800;
            return S((await table.UpdateEntityAsync(current, current.ETag, TableUpdateMode.Replace)).Status);
        });
        await Do("replace p8/state with the old etag", async () => S((await table.UpdateEntityAsync(current, current.ETag, TableUpdateMode.Replace)).Status));
        await Do("get p8/state", async () => "N=" + S((await table.GetEntityAsync<TableEntity>("p8", "state")).Value.GetInt32("N")));
        await Do("upsert hour/t3 (merge)", async () => S((await table.UpsertEntityAsync(new TableEntity("hour", "t3") { ["M"] = 1 }, TableUpdateMode.Merge)).Status));
        await Do("get hour/t3", async () =>
        {
            var e = (await table.GetEntityAsync<TableEntity>("hour", "t3")).Value;
            return "N=" + S(e.GetInt32("N")) + " M=" + S(e.GetInt32("M"));
        });
        await Do("upsert new hour/t99 (replace)", async () => S((await table.UpsertEntityAsync(new TableEntity("hour", "t99"), TableUpdateMode.Replace)).Status));
        await Do("delete p9/e1", async () => S((await table.DeleteEntityAsync("p9", "e1", ETag.All)).Status));
        await Do("get p9/e1", async () => (await table.GetEntityIfExistsAsync<TableEntity>("p9", "e1")).HasValue ? "found" : "missing");
        await Do("get p9/state", async () => (await table.GetEntityIfExistsAsync<TableEntity>("p9", "state")).HasValue ? "found" : "missing");
        var bigRow = (await table.GetEntityAsync<TableEntity>("big", "r1017")).Value;
        bigRow["N"] = 17017;
        await Do("replace big/r1017", async () => S((await table.UpdateEntityAsync(bigRow, bigRow.ETag, TableUpdateMode.Replace)).Status));
        await Do("delete big/r1100", async () => S((await table.DeleteEntityAsync("big", "r1100", ETag.All)).Status));
        await Do("update missing p50/state", async () => S((await table.UpdateEntityAsync(new TableEntity("p50", "state"), ETag.All)).Status));
        // A batch whose replace succeeded before a later action failed: the replace is rolled back.
        var p11 = (await table.GetEntityAsync<TableEntity>("p11", "state")).Value;
        p11["N"] = 1100;
        await Do("batch replace then duplicate in p11", async () =>
        {
            await table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.UpdateReplace, p11, p11.ETag),
                new(TableTransactionActionType.Add, new TableEntity("p11", "e1")),
            ]);
            return "ok";
        });
        await Do("get p11/state after the failed batch", async () => "N=" + S((await table.GetEntityAsync<TableEntity>("p11", "state")).Value.GetInt32("N")));
        for (var i = 0; i < 3; i++)
        {
            var again = (await table.GetEntityAsync<TableEntity>("p12", "state")).Value;
            again["N"] = 1200 + i;
            await Do("replace p12/state again", async () => S((await table.UpdateEntityAsync(again, again.ETag, TableUpdateMode.Replace)).Status));
        }

        // Queries: with one required partition (narrowed by the preload) and without (or, not, other properties), with paging.
        foreach (var filter in new[]
        {
            "PartitionKey eq 'p10'",
            "PartitionKey eq 'hour' and RowKey ge 't2' and RowKey lt 't5'",
            "(RowKey eq 'state') and (PartitionKey eq 'p3')",
            "PartitionKey eq 'hour' and N ge 20",
            "PartitionKey eq 'p1' or PartitionKey eq 'p2'",
            "PartitionKey eq 'hour' and RowKey eq 't1' or RowKey eq 'e1'",
            "not (PartitionKey eq 'hour')",
            "RowKey eq 'state'",
            "PartitionKey eq 'nope'",
            "PartitionKey eq 'hour'",
            "PartitionKey gt 'p38' and PartitionKey eq 'p39'",
            "PartitionKey eq 'big' and RowKey ge 'r1290'",
        })
        {
            await Do("query " + filter, async () =>
            {
                var rows = new List<string>();
                await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 7)) rows.Add(e.PartitionKey + "/" + e.RowKey);
                return S(rows.Count) + ": " + string.Join(",", rows);
            });
        }
        // Every entity a full scan returns is found again by its keys, with the same content (the indexes are intact).
        await Do("every entity found by its keys", async () =>
        {
            var checkedCount = 0;
            await foreach (var e in table.QueryAsync<TableEntity>())
            {
                var found = await table.GetEntityIfExistsAsync<TableEntity>(e.PartitionKey, e.RowKey);
                if (!found.HasValue || found.Value!.GetInt32("N") != e.GetInt32("N")) return "lost " + e.PartitionKey + "/" + e.RowKey;
                checkedCount++;
            }
            return S(checkedCount);
        });
        return log;
    }

    private static string S(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "null";
}
