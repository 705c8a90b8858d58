import { nodeFs, type StoreFs } from '../../src/store/fs.js';

/**
 * A file system for fault tests: the real one, except that writes stop at a chosen byte as on a
 * full disk (the write that crosses the limit is short, the next one fails with ENOSPC), and
 * fsync or ftruncate can be made to fail. `space` counts the bytes still writable; undefined is
 * unlimited.
 */
export class FaultyFs implements StoreFs {
  space: number | undefined;
  failFsync = false;
  failTruncate = false;
  /** Every byte write() was asked to write, and how many it wrote. */
  asked = 0;
  written = 0;

  private enospc(): Error {
    return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  }

  open = nodeFs.open;
  async write(fd: number, buf: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    this.asked += length;
    if (this.space !== undefined) {
      if (this.space <= 0) throw this.enospc();
      if (length > this.space) {
        const n = await nodeFs.write(fd, buf, offset, this.space, position);
        this.space = 0;
        this.written += n;
        return n;
      }
      this.space -= length;
    }
    const n = await nodeFs.write(fd, buf, offset, length, position);
    this.written += n;
    return n;
  }
  async fsync(fd: number): Promise<void> {
    if (this.failFsync) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    return nodeFs.fsync(fd);
  }
  async ftruncate(fd: number, length: number): Promise<void> {
    if (this.failTruncate) throw Object.assign(new Error('EIO: i/o error, ftruncate'), { code: 'EIO' });
    return nodeFs.ftruncate(fd, length);
  }
  close = nodeFs.close;
  rename = nodeFs.rename;
  unlink = nodeFs.unlink;
  link = nodeFs.link;
  mkdir = nodeFs.mkdir;
  readdir = nodeFs.readdir;
  readFile = nodeFs.readFile;
  readFileSync = nodeFs.readFileSync;
  lstat = nodeFs.lstat;
  realpath = nodeFs.realpath;
}
