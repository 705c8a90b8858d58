import { dirname, basename, join } from 'node:path';
import { nodeFs, writeAll, type StoreFs } from './fs.js';

/**
 * Replaces a file atomically: write a temporary file beside it, fsync, rename, fsync the folder.
 * The content is given whole or as chunks (written as they come, so a big file never sits in
 * memory as one string, and the caller can yield between chunks). Whatever fails, the temporary
 * file is removed and the old file is as it was.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array | AsyncIterable<Uint8Array>, io: StoreFs = nodeFs): Promise<void> {
  const dir = dirname(file);
  await io.mkdir(dir);
  const tmp = tmpPathFor(file);
  const fd = await io.open(tmp, 'w', 0o600);
  try {
    try {
      let at = 0;
      const chunks = typeof content === 'string' ? [Buffer.from(content, 'utf8')] : content instanceof Uint8Array ? [content] : content;
      for await (const chunk of chunks) {
        await writeAll(io, fd, chunk, at);
        at += chunk.length;
      }
      await io.fsync(fd);
    } finally {
      await io.close(fd);
    }
    await io.rename(tmp, file);
  } catch (err) {
    await io.unlink(tmp).catch(() => undefined);
    throw err;
  }
  await syncDir(dir, io);
}

/** The temporary file writeFileAtomic uses for a file (one per process). */
function tmpPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
}

/** Makes a rename or unlink in a folder durable. */
export async function syncDir(dir: string, io: StoreFs = nodeFs): Promise<void> {
  const fd = await io.open(dir, 'r');
  try {
    await io.fsync(fd);
  } catch {
    // Some file systems cannot fsync a folder; the rename is still atomic.
  } finally {
    await io.close(fd);
  }
}
