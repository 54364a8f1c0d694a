// The outbox's storage: one IndexedDB object store of stories keyed by client_id. Plain
// IndexedDB behind four promise helpers (the whole need; the idb library would add 3 KB).
const NAME = "straeon", STORE = "outbox";
let opening = null;

export function open() {
  return (opening ||= new Promise((ok, no) => {
    const req = indexedDB.open(NAME, 1); // throws (so rejects) where there is no indexedDB
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "id" });
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => { db.close(); opening = null; }; // a newer page upgrades it
      ok(db);
    };
    req.onerror = () => no(req.error);
    req.onblocked = () => no(new Error("blocked"));
  }).catch((e) => { opening = null; throw e; }));
}

// One transaction; resolves with the request's result only once the transaction has committed
// ("strict": on disk, not just in memory), and rejects on abort (a full disk: QuotaExceededError).
async function run(mode, fn) {
  const db = await open();
  return new Promise((ok, no) => {
    const tx = db.transaction(STORE, mode, { durability: "strict" });
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => ok(req?.result);
    tx.onabort = tx.onerror = () => no(tx.error || req?.error || new Error("abort"));
  });
}

export const all = async () => (await run("readonly", (s) => s.getAll())).sort((a, b) => a.created - b.created);
export const get = (id) => run("readonly", (s) => s.get(id));
export const put = (rec) => run("readwrite", (s) => s.put(rec));
export const del = (id) => run("readwrite", (s) => s.delete(id));
