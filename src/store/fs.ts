import * as fsp from 'node:fs/promises';
import * as fs from 'node:fs';

/**
 * The file operations the file store uses, in one object so a test can put a faulty file system
 * under it (writes that stop at a chosen byte, fsyncs that fail) without mocking a module.
 * Handles are plain numeric descriptors; every method is the node:fs call of the same name.
 */
export interface StoreFs {
  open(path: string, flags: number | string, mode?: number): Promise<number>;
  /** One write(2) at a position; may write fewer bytes than asked (a full disk). */
  write(fd: number, buf: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  fsync(fd: number): Promise<void>;
  ftruncate(fd: number, length: number): Promise<void>;
  close(fd: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  link(existing: string, path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  readFile(path: string): Promise<Buffer>;
  readFileSync(path: string): Buffer;
  lstat(path: string): Promise<fs.Stats>;
  realpath(path: string): Promise<string>;
}

const promisified = {
  write: (fd: number, buf: Uint8Array, offset: number, length: number, position: number) =>
    new Promise<number>((res, rej) => fs.write(fd, buf, offset, length, position, (e, n) => (e ? rej(e) : res(n)))),
  fsync: (fd: number) => new Promise<void>((res, rej) => fs.fsync(fd, (e) => (e ? rej(e) : res()))),
  ftruncate: (fd: number, len: number) => new Promise<void>((res, rej) => fs.ftruncate(fd, len, (e) => (e ? rej(e) : res()))),
  close: (fd: number) => new Promise<void>((res, rej) => fs.close(fd, (e) => (e ? rej(e) : res()))),
  open: (path: string, flags: number | string, mode?: number) =>
    new Promise<number>((res, rej) => fs.open(path, flags, mode, (e, fd) => (e ? rej(e) : res(fd)))),
};

/** The real file system. */
export const nodeFs: StoreFs = {
  ...promisified,
  rename: (a, b) => fsp.rename(a, b),
  unlink: (p) => fsp.unlink(p),
  link: (a, b) => fsp.link(a, b),
  mkdir: async (p) => void (await fsp.mkdir(p, { recursive: true })),
  readdir: (p) => fsp.readdir(p),
  readFile: (p) => fsp.readFile(p),
  readFileSync: (p) => fs.readFileSync(p),
  lstat: (p) => fsp.lstat(p),
  realpath: (p) => fsp.realpath(p),
};

/** Read-write, created when missing, never truncated on open (positional writes only). */
export const RW_CREATE = fs.constants.O_RDWR | fs.constants.O_CREAT;

/** Writes every byte of buf at position, looping over short writes; throws what write(2) threw. */
export async function writeAll(io: StoreFs, fd: number, buf: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const n = await io.write(fd, buf, done, buf.length - done, position + done);
    if (n <= 0) throw Object.assign(new Error('write made no progress (ENOSPC?)'), { code: 'ENOSPC' });
    done += n;
  }
}

export function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}
