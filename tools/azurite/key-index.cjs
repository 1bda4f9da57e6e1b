// Preloaded into Azurite (node --require) by the benchmarks: an entity's point lookup by PartitionKey and RowKey uses the
// narrower of Azurite's two key indexes, as Azure Table Storage's clustered (PartitionKey, RowKey) index does.
//
// Why: Azurite 3.37 keeps table entities in LokiJS with one binary index on PartitionKey and one on RowKey, and looks an
// entity up (every insert, update, merge, delete and point read) with findOne({ RowKey, PartitionKey }): LokiJS takes
// the RowKey index, then scans every entity with that RowKey. Our ledger table gives every token a state row with the
// same RowKey, so each lookup reads every token's state row and seeding n tokens costs O(n^2) (a CPU profile of seeding
// 20,000 tokens: 77% of Azurite's time in that findOne). Known upstream: Azure/Azurite#2321 ("table upsert is very slow.
// 100k records takes more than 1 hour").
//
// What changes: only the order of the two filters, decided per lookup by the width of each key's range in its index
// (two binary searches). The answer is the same entity or none: (PartitionKey, RowKey) is unique in a table. Queries
// ($filter) are untouched and still scan the table, as before. Nothing else of Azurite is changed.
"use strict";

const path = require("node:path");

// The lokijs that Azurite itself loads (node_modules is flat here; resolve from Azurite's folder to be sure).
const azuriteDir = path.dirname(require.resolve("azurite/package.json", { paths: [process.cwd(), path.join(__dirname, "..", "..")] }));
const loki = require(require.resolve("lokijs", { paths: [azuriteDir] }));
const Collection = loki.Collection;
const findOne = Collection.prototype.findOne;

function width(collection, key, value) {
  const [lower, upper] = collection.calculateRange("$eq", key, value);
  return upper - lower + 1;
}

Collection.prototype.findOne = function (query) {
  if (query !== null && typeof query === "object") {
    const keys = Object.keys(query);
    const pk = query.PartitionKey;
    const rk = query.RowKey;
    if (keys.length === 2 && typeof pk === "string" && typeof rk === "string"
      && this.adaptiveBinaryIndices === true && this.binaryIndices.PartitionKey && this.binaryIndices.RowKey
      && !this.binaryIndices.PartitionKey.dirty && !this.binaryIndices.RowKey.dirty && this.data.length > 0) {
      const byPartition = width(this, "PartitionKey", pk) <= width(this, "RowKey", rk);
      return findOne.call(this, byPartition ? { PartitionKey: pk, RowKey: rk } : { RowKey: rk, PartitionKey: pk });
    }
  }
  return findOne.call(this, query);
};

process.stderr.write("azurite-key-index: point lookups use the narrower key index\n");
