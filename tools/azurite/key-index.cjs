// Preloaded into Azurite (node --require) by the benchmarks, so that Azurite finds entities by their keys as Azure Table
// Storage's clustered (PartitionKey, RowKey) index does, instead of scanning:
//  1. a point lookup by PartitionKey and RowKey uses the narrower of Azurite's two key indexes;
//  2. a query whose filter requires one PartitionKey (a top-level `and` conjunct `PartitionKey eq '...'`) starts from
//     that partition's entities (the PartitionKey index) instead of the whole table;
//  3. an update or merge replaces the entity where it is, instead of removing it and inserting it again: LokiJS keeps
//     its key indexes as sorted arrays of positions, and a removal shifts every position after it (measured in node
//     alone: 1.5 ms per state-row update at 300,000 entities), while an entity whose keys do not change keeps its
//     position and its index entries;
//  4. SIGUSR2 runs a full garbage collection (a benchmark settles Azurite before a timed phase; see (4) below).
//
// Why: Azurite 3.37 keeps table entities in LokiJS with one binary index on PartitionKey and one on RowKey, and looks an
// entity up (every insert, update, merge, delete and point read) with findOne({ RowKey, PartitionKey }): LokiJS takes
// the RowKey index, then scans every entity with that RowKey. Our ledger table gives every token a state row with the
// same RowKey, so each lookup reads every token's state row and seeding n tokens costs O(n^2) (a CPU profile of seeding
// 20,000 tokens: 77% of Azurite's time in that findOne). Known upstream: Azure/Azurite#2321 ("table upsert is very slow.
// 100k records takes more than 1 hour").
//
// What changes: (1) only the order of the two filters, decided per lookup by the width of each key's range in its index
// (two binary searches); the answer is the same entity or none: (PartitionKey, RowKey) is unique in a table. (2) The
// query's own filter, paging and sorting still run, over the entities of the required partition only: an entity of
// another partition fails that conjunct, so the result is the same. Filters are read with Azurite's own parser; a filter
// with `or` or `not` above the PartitionKey condition, or none, runs as before (whole table). Nothing else is changed.
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

// (2) Partition queries. Azurite's queryTableEntities starts with collection.chain().where(filter)... in its synchronous
// part; the partition is handed to that one chain() call and consumed by it.
const store = require(path.join(azuriteDir, "dist", "src", "table", "persistence", "LokiTableMetadataStore.js")).default;
const nodes = path.join(azuriteDir, "dist", "src", "table", "persistence", "QueryInterpreter");
const parseQuery = require(path.join(nodes, "QueryParser.js")).default;
const AndNode = require(path.join(nodes, "QueryNodes", "AndNode.js")).default;
const EqualsNode = require(path.join(nodes, "QueryNodes", "EqualsNode.js")).default;
const IdentifierNode = require(path.join(nodes, "QueryNodes", "IdentifierNode.js")).default;
const ConstantNode = require(path.join(nodes, "QueryNodes", "ConstantNode.js")).default;

/** The PartitionKey a filter requires (a string constant in a top-level `and` conjunct), or undefined. */
function requiredPartition(filter) {
  if (typeof filter !== "string" || filter.length === 0) return undefined;
  let tree;
  try {
    tree = parseQuery(filter);
  } catch {
    return undefined; // Azurite's own handling reports the syntax error
  }
  const pending = [tree];
  while (pending.length > 0) {
    const node = pending.pop();
    if (node instanceof AndNode) {
      pending.push(node.left, node.right);
    } else if (node instanceof EqualsNode) {
      const [id, constant] = node.left instanceof IdentifierNode ? [node.left, node.right] : [node.right, node.left];
      if (id instanceof IdentifierNode && id.identifier === "PartitionKey" && constant instanceof ConstantNode && typeof constant.value === "string") {
        return constant.value;
      }
    }
  }
  return undefined;
}

const narrowTo = Symbol("azurite-key-index partition");
const chain = Collection.prototype.chain;
Collection.prototype.chain = function (...args) {
  const resultset = chain.apply(this, args);
  const partition = this[narrowTo];
  if (partition !== undefined) {
    this[narrowTo] = undefined;
    const index = this.binaryIndices.PartitionKey;
    if (this.adaptiveBinaryIndices === true && index && !index.dirty) resultset.find({ PartitionKey: partition });
  }
  return resultset;
};

const queryTableEntities = store.prototype.queryTableEntities;
store.prototype.queryTableEntities = function (context, account, table, queryOptions, ...rest) {
  const partition = requiredPartition(queryOptions && queryOptions.filter);
  let collection;
  try {
    collection = partition === undefined ? undefined : this.getEntityCollection(account, table, context);
  } catch {
    collection = undefined; // Azurite's own handling reports the missing table
  }
  if (collection === undefined) return queryTableEntities.call(this, context, account, table, queryOptions, ...rest);
  // Set and cleared around the call's synchronous part only (which reaches chain() before its first await): a hint
  // left set across an await could be taken by another request's chain() (a findOne) and narrow the wrong lookup.
  collection[narrowTo] = partition;
  let answer;
  try {
    answer = queryTableEntities.call(this, context, account, table, queryOptions, ...rest);
  } finally {
    collection[narrowTo] = undefined;
  }
  return answer;
};

// (3) Updates in place. LokiJS update() keeps the entity's position (data[position] = new); its index maintenance would
// then scan each index for that position. With both keys unchanged the indexes are already right, so it is skipped.
const update = Collection.prototype.update;
Collection.prototype.update = function (doc) {
  if (doc !== null && typeof doc === "object" && !Array.isArray(doc) && this.adaptiveBinaryIndices === true
    && Object.prototype.hasOwnProperty.call(doc, "$loki")) {
    const found = this.get(doc.$loki, true);
    const indexes = this.binaryIndices;
    const keys = Object.keys(indexes);
    if (found && keys.length > 0 && keys.every((key) => !indexes[key].dirty && found[0][key] === doc[key] && typeof doc[key] === "string")) {
      this.binaryIndices = {};
      try {
        return update.call(this, doc);
      } finally {
        this.binaryIndices = indexes;
      }
    }
  }
  return update.call(this, doc);
};

// Azurite's replace (updateTableEntity) as in 3.37, with the remove + insert of the entity turned into an update() of
// the same document: same checks, same errors, same rollback record (the old document, left unchanged).
const errors = require(path.join(azuriteDir, "dist", "src", "table", "errors", "StorageErrorFactory.js")).default;
store.prototype.updateTableEntity = async function (context, table, account, entity, ifMatch, batchId) {
  const tableEntityCollection = this.getEntityCollection(account, table, context);
  const doc = tableEntityCollection.findOne({ RowKey: entity.RowKey, PartitionKey: entity.PartitionKey });
  if (!doc) {
    throw errors.getEntityNotFound(context);
  }
  if (batchId !== "") {
    this.transactionRollbackTheseEntities.push(doc);
  }
  const encodedEtag = this.encodeIfMatch(doc.eTag);
  const encodedIfMatch = ifMatch !== undefined ? this.encodeIfMatch(ifMatch) : undefined;
  if (encodedIfMatch === undefined || encodedIfMatch === "*" || encodedEtag === encodedIfMatch) {
    entity.properties.Timestamp = entity.lastModifiedTime;
    entity.properties["Timestamp@odata.type"] = "Edm.DateTime";
    entity.$loki = doc.$loki;
    entity.meta = { ...doc.meta };
    tableEntityCollection.update(entity);
    return entity;
  }
  throw errors.getPreconditionFailed(context);
};

// (4) Settling on request, for benchmarks: SIGUSR2 runs a full garbage collection and then says so on stderr
// ("azurite-key-index: settled N"). With hundreds of thousands of entities in memory, a major collection's concurrent
// marking takes seconds of CPU on this process's helper threads; a benchmark settles Azurite (and itself) before each
// timed phase, so that garbage left by the setup (seeding, an earlier run) is not collected inside it. A phase still
// pays for every collection its own requests cause.
const gc = (() => {
  require("node:v8").setFlagsFromString("--expose-gc");
  return require("node:vm").runInNewContext("gc");
})();
let settled = 0;
process.on("SIGUSR2", () => {
  gc();
  process.stderr.write(`azurite-key-index: settled ${++settled}\n`);
});

process.stderr.write("azurite-key-index: point lookups use the narrower key index; partition queries start from their partition; updates in place; SIGUSR2 settles (full GC)\n");

