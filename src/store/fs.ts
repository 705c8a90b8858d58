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

/**
 * node:fs's callback calls as promises: node:fs/promises (and the modules it loads) would cost a
 * one-shot command more to load than its whole file work.
 */
export const nodeFs: StoreFs = {
  open: (path, flags, mode) => new Promise((res, rej) => fs.open(path, flags, mode, (e, fd) => (e ? rej(e) : res(fd)))),
  write: (fd, buf, offset, length, position) => new Promise((res, rej) => fs.write(fd, buf, offset, length, position, (e, n) => (e ? rej(e) : res(n)))),
  fsync: (fd) => new Promise((res, rej) => fs.fsync(fd, (e) => (e ? rej(e) : res()))),
  ftruncate: (fd, len) => new Promise((res, rej) => fs.ftruncate(fd, len, (e) => (e ? rej(e) : res()))),
  close: (fd) => new Promise((res, rej) => fs.close(fd, (e) => (e ? rej(e) : res()))),
  rename: (a, b) => new Promise((res, rej) => fs.rename(a, b, (e) => (e ? rej(e) : res()))),
  unlink: (p) => new Promise((res, rej) => fs.unlink(p, (e) => (e ? rej(e) : res()))),
  link: (a, b) => new Promise((res, rej) => fs.link(a, b, (e) => (e ? rej(e) : res()))),
  mkdir: (p) => new Promise((res, rej) => fs.mkdir(p, { recursive: true }, (e) => (e ? rej(e) : res()))),
  readdir: (p) => new Promise((res, rej) => fs.readdir(p, (e, names) => (e ? rej(e) : res(names)))),
  readFile: (p) => new Promise((res, rej) => fs.readFile(p, (e, data) => (e ? rej(e) : res(data)))),
  readFileSync: (p) => fs.readFileSync(p),
  lstat: (p) => new Promise((res, rej) => fs.lstat(p, (e, st) => (e ? rej(e) : res(st)))),
  realpath: (p) => new Promise((res, rej) => fs.realpath(p, (e, real) => (e ? rej(e) : res(real)))),
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
