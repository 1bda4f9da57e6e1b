// A file-backed oidc-provider adapter for tests that stop and restart the server (server.mjs --store FILE).
// Every change rewrites FILE synchronously (write to FILE.tmp, then rename) before the request completes, so a
// kill -9 keeps everything the server has answered for. Only what the client-credentials tests use is indexed:
// find, upsert, consume, destroy; uid and user-code lookups scan (no sessions or device flow here).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const epoch = () => Math.floor(Date.now() / 1000);

export function fileAdapter(file) {
  const data = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const save = () => {
    writeFileSync(`${file}.tmp`, JSON.stringify(data));
    renameSync(`${file}.tmp`, file);
  };
  const live = (entry) => entry && (entry.expiresAt === null || entry.expiresAt > epoch());

  return class FileAdapter {
    constructor(model) {
      this.model = model;
      data[model] ??= {};
    }

    async upsert(id, payload, expiresIn) {
      data[this.model][id] = { payload, expiresAt: typeof expiresIn === 'number' ? epoch() + expiresIn : null };
      save();
    }

    async find(id) {
      const entry = data[this.model][id];
      return live(entry) ? entry.payload : undefined;
    }

    async findByUid(uid) {
      return Object.values(data[this.model]).find((e) => live(e) && e.payload.uid === uid)?.payload;
    }

    async findByUserCode(userCode) {
      return Object.values(data[this.model]).find((e) => live(e) && e.payload.userCode === userCode)?.payload;
    }

    async consume(id) {
      const entry = data[this.model][id];
      if (entry) {
        entry.payload.consumed = epoch();
        save();
      }
    }

    async destroy(id) {
      delete data[this.model][id];
      save();
    }

    async revokeByGrantId(grantId) {
      for (const [id, entry] of Object.entries(data[this.model])) {
        if (entry.payload.grantId === grantId) delete data[this.model][id];
      }
      save();
    }
  };
}
