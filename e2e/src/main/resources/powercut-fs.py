#!/usr/bin/python3
"""A FUSE filesystem that forgets, on a "power cut", everything not yet fsynced (the idea of Jepsen's lazyfs).

Usage: powercut-fs.py BACKING_DIR MOUNTPOINT CONTROL_SOCKET

Files live as blobs named by inode number in BACKING_DIR; the namespace is kept in memory. What is durable:
  - a file's content up to the length it had at its last fsync/fdatasync (or msync), with the bytes it had then;
  - a directory's entries as they were at its last fsync (creates, unlinks, renames, mkdirs inside it).
Until then a write keeps the bytes it overwrote (an undo log), and unlinked or replaced files keep their blob.

Control, one line per connection on the UNIX socket CONTROL_SOCKET:
  cut   every later write, fsync or namespace change fails with EIO (the machine is "off"), and every file and
        directory is put back to its durable state; answers "ok <files reverted> <bytes dropped>"
  power-on  once the processes that used it are dead: unmount and mount again, accepting writes (the machine
        is "on" again, nothing cached from before the cut)
  stats answers "ok files=<n> dirs=<n> cuts=<n>"
The mount lives until it is unmounted (fusermount -u MOUNTPOINT). Needs python3-fusepy (Debian) and /dev/fuse.
"""
import errno
import os
import socket
import stat
import subprocess
import sys
import threading
import time

from fusepy import FUSE, FuseOSError


class Node:
    """One file or directory. Files: a blob, the durable length and the undo log since the last fsync."""

    def __init__(self, ino, is_dir, mode):
        self.ino = ino
        self.is_dir = is_dir
        self.mode = mode
        self.size = 0  # files: current length of the blob
        self.durable_size = 0
        self.undo = []  # files: (offset, old bytes) in write order, since the last fsync
        self.entries = {} if is_dir else None  # dirs: name -> Node (current)
        self.durable_entries = {} if is_dir else None  # dirs: name -> Node as of the last fsync of this dir
        now = time.time()
        self.mtime = now
        self.ctime = now


class PowerCutFs:
    def __init__(self, backing):
        self.backing = backing
        self.mutex = threading.RLock()
        self.next_ino = 2
        self.root = Node(1, True, stat.S_IFDIR | 0o755)
        self.handles = {}  # fh -> (Node, os fd) ; None once the fh went stale at a cut
        self.next_fh = 1
        self.frozen = False
        self.cuts = 0
        self.remount = False
        self.mounted_again = None

    # ---------------------------------------------------------------- helpers

    def __call__(self, op, *args):
        if not hasattr(self, op):
            raise FuseOSError(errno.ENOSYS)
        with self.mutex:
            return getattr(self, op)(*args)

    def blob(self, node):
        return os.path.join(self.backing, str(node.ino))

    def resolve(self, path):
        node = self.root
        for part in path.split('/'):
            if not part:
                continue
            if not node.is_dir or part not in node.entries:
                raise FuseOSError(errno.ENOENT)
            node = node.entries[part]
        return node

    def parent(self, path):
        head, name = os.path.split(path.rstrip('/'))
        d = self.resolve(head or '/')
        if not d.is_dir:
            raise FuseOSError(errno.ENOTDIR)
        return d, name

    def writable(self):
        if self.frozen:
            raise FuseOSError(errno.EIO)

    def new_node(self, is_dir, mode):
        n = Node(self.next_ino, is_dir, mode)
        self.next_ino += 1
        return n

    def handle(self, fh):
        h = self.handles.get(fh)
        if h is None:
            raise FuseOSError(errno.EIO)
        return h

    def save_old(self, node, fd, start, end):
        """Keeps the bytes [start, end) of a file that its durable state has, before they change."""
        end = min(end, node.size, node.durable_size)
        if end > start:
            node.undo.append((start, os.pread(fd, end - start, start)))

    # ---------------------------------------------------------------- attributes

    def getattr(self, path, fh=None):
        if fh is not None and fh in self.handles and self.handles[fh] is not None:
            node = self.handles[fh][0]
        else:
            node = self.resolve(path)
        if node.is_dir:
            return dict(st_mode=node.mode, st_nlink=2 + sum(1 for c in node.entries.values() if c.is_dir),
                        st_size=4096, st_atime=node.mtime, st_mtime=node.mtime, st_ctime=node.ctime,
                        st_uid=os.getuid(), st_gid=os.getgid(), st_blocks=8)
        return dict(st_mode=node.mode, st_nlink=1, st_size=node.size, st_atime=node.mtime,
                    st_mtime=node.mtime, st_ctime=node.ctime, st_uid=os.getuid(), st_gid=os.getgid(),
                    st_blocks=(node.size + 511) // 512)

    def chmod(self, path, mode):
        self.writable()
        node = self.resolve(path)
        node.mode = (node.mode & ~0o7777) | (mode & 0o7777)
        return 0

    def chown(self, path, uid, gid):
        return 0

    def utimens(self, path, times=None):
        node = self.resolve(path)
        node.mtime = times[1] if times else time.time()
        return 0

    def access(self, path, amode):
        self.resolve(path)
        return 0

    def statfs(self, path):
        s = os.statvfs(self.backing)
        return dict((k, getattr(s, k)) for k in ('f_bavail', 'f_bfree', 'f_blocks', 'f_bsize', 'f_favail',
                                                 'f_ffree', 'f_files', 'f_flag', 'f_frsize', 'f_namemax'))

    # ---------------------------------------------------------------- directories

    def mkdir(self, path, mode):
        self.writable()
        d, name = self.parent(path)
        if name in d.entries:
            raise FuseOSError(errno.EEXIST)
        d.entries[name] = self.new_node(True, stat.S_IFDIR | (mode & 0o7777))
        d.mtime = time.time()
        return 0

    def rmdir(self, path):
        self.writable()
        d, name = self.parent(path)
        node = d.entries.get(name)
        if node is None:
            raise FuseOSError(errno.ENOENT)
        if not node.is_dir:
            raise FuseOSError(errno.ENOTDIR)
        if node.entries:
            raise FuseOSError(errno.ENOTEMPTY)
        del d.entries[name]
        return 0

    def opendir(self, path):
        if not self.resolve(path).is_dir:
            raise FuseOSError(errno.ENOTDIR)
        return 0

    def readdir(self, path, fh):
        return ['.', '..'] + list(self.resolve(path).entries.keys())

    def releasedir(self, path, fh):
        return 0

    def fsyncdir(self, path, datasync, fh):
        self.writable()
        d = self.resolve(path)
        d.durable_entries = dict(d.entries)
        return 0

    # ---------------------------------------------------------------- namespace

    def create(self, path, mode, fi=None):
        self.writable()
        d, name = self.parent(path)
        node = d.entries.get(name)
        if node is None:
            node = self.new_node(False, stat.S_IFREG | (mode & 0o7777))
            fd = os.open(self.blob(node), os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
            d.entries[name] = node
            d.mtime = time.time()
        else:
            fd = os.open(self.blob(node), os.O_RDWR)
        return self.new_handle(node, fd)

    def unlink(self, path):
        self.writable()
        d, name = self.parent(path)
        node = d.entries.get(name)
        if node is None:
            raise FuseOSError(errno.ENOENT)
        if node.is_dir:
            raise FuseOSError(errno.EISDIR)
        del d.entries[name]
        d.mtime = time.time()
        # the blob stays until a cut finds it unreachable: the unlink is not durable before the dir's fsync
        return 0

    def rename(self, old, new):
        self.writable()
        od, oname = self.parent(old)
        nd, nname = self.parent(new)
        node = od.entries.get(oname)
        if node is None:
            raise FuseOSError(errno.ENOENT)
        target = nd.entries.get(nname)
        if target is not None and target.is_dir:
            if not node.is_dir:
                raise FuseOSError(errno.EISDIR)
            if target.entries:
                raise FuseOSError(errno.ENOTEMPTY)
        del od.entries[oname]
        nd.entries[nname] = node
        od.mtime = nd.mtime = time.time()
        return 0

    # ---------------------------------------------------------------- files

    def new_handle(self, node, fd):
        fh = self.next_fh
        self.next_fh += 1
        self.handles[fh] = (node, fd)
        return fh

    def open(self, path, flags):
        node = self.resolve(path)
        if node.is_dir:
            raise FuseOSError(errno.EISDIR)
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_TRUNC):
            self.writable()
        fd = os.open(self.blob(node), os.O_RDWR)
        fh = self.new_handle(node, fd)
        if flags & os.O_TRUNC:
            self.truncate(path, 0, fh)
        return fh

    def read(self, path, size, offset, fh):
        node, fd = self.handle(fh)
        return os.pread(fd, size, offset)

    def write(self, path, data, offset, fh):
        self.writable()
        node, fd = self.handle(fh)
        self.save_old(node, fd, offset, offset + len(data))
        n = os.pwrite(fd, data, offset)
        node.size = max(node.size, offset + n)
        node.mtime = time.time()
        return n

    def truncate(self, path, length, fh=None):
        self.writable()
        if fh is not None:
            node, fd = self.handle(fh)
            own = False
        else:
            node = self.resolve(path)
            fd = os.open(self.blob(node), os.O_RDWR)
            own = True
        try:
            if length < node.size:
                self.save_old(node, fd, length, node.size)
            os.ftruncate(fd, length)
            node.size = length
            node.mtime = time.time()
        finally:
            if own:
                os.close(fd)
        return 0

    def fsync(self, path, datasync, fh):
        self.writable()
        node, fd = self.handle(fh)
        node.durable_size = node.size
        node.undo = []
        return 0

    def flush(self, path, fh):
        return 0

    def release(self, path, fh):
        h = self.handles.pop(fh, None)
        if h is not None:
            os.close(h[1])
        return 0

    # ---------------------------------------------------------------- power cut

    def cut(self):
        """Freezes the fs and puts every file and directory back to what was durable."""
        with self.mutex:
            self.frozen = True
            self.cuts += 1
            reachable = {}
            dropped = 0
            files = 0

            def walk(d):
                d.entries = dict(d.durable_entries)
                for child in d.entries.values():
                    if child.ino in reachable:
                        continue
                    reachable[child.ino] = child
                    if child.is_dir:
                        walk(child)

            reachable[self.root.ino] = self.root
            walk(self.root)
            for node in reachable.values():
                if node.is_dir or (not node.undo and node.size == node.durable_size):
                    continue
                files += 1
                fd = os.open(self.blob(node), os.O_RDWR)
                try:
                    for offset, old in reversed(node.undo):
                        os.pwrite(fd, old, offset)
                    dropped += max(0, node.size - node.durable_size)
                    os.ftruncate(fd, node.durable_size)
                finally:
                    os.close(fd)
                node.size = node.durable_size
                node.undo = []
            # handles of the dead process go stale: nothing written through them may count any more
            for fh, h in list(self.handles.items()):
                if h is not None:
                    os.close(h[1])
                self.handles[fh] = None
            for name in os.listdir(self.backing):
                if name.isdigit() and int(name) not in reachable:
                    os.unlink(os.path.join(self.backing, name))
            return files, dropped

    def power_on(self, mountpoint):
        """After a cut, once nothing uses the mount: unmounts it, and the main loop mounts it again unfrozen.

        A fresh mount, so the kernel keeps nothing of the dead machine: no cached pages or attributes, and no
        write-back error recorded against an inode (fuse reports those to the next process that closes the file).
        """
        with self.mutex:
            if not self.frozen:
                return
            self.remount = True
            self.mounted_again = threading.Event()
        if subprocess.run(['fusermount', '-u', mountpoint]).returncode != 0:
            # something still holds a file of the dead machine: detach it, it will only see EIO
            subprocess.run(['fusermount', '-u', '-z', mountpoint], check=True)
        if not self.mounted_again.wait(30):
            raise RuntimeError('not mounted again within 30 s')
        deadline = time.time() + 30
        while not os.path.ismount(mountpoint):
            if time.time() > deadline:
                raise RuntimeError('not mounted again within 30 s')
            time.sleep(0.05)


def serve_control(fs, path, mountpoint):
    if os.path.exists(path):
        os.unlink(path)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(4)
    while True:
        conn, _ = srv.accept()
        with conn:
            line = conn.makefile().readline().strip()
            try:
                if line == 'cut':
                    files, dropped = fs.cut()
                    reply = 'ok %d %d' % (files, dropped)
                elif line == 'power-on':
                    fs.power_on(mountpoint)
                    reply = 'ok'
                elif line == 'stats':
                    reply = 'ok cuts=%d frozen=%s' % (fs.cuts, fs.frozen)
                else:
                    reply = 'error unknown command ' + line
            except Exception as e:  # the harness must hear about it, not find a dead socket
                reply = 'error %r' % (e,)
            conn.sendall((reply + '\n').encode())


def main():
    backing, mountpoint, control = sys.argv[1:4]
    os.makedirs(backing, exist_ok=True)
    for name in os.listdir(backing):
        os.unlink(os.path.join(backing, name))
    fs = PowerCutFs(backing)
    threading.Thread(target=serve_control, args=(fs, control, mountpoint), daemon=True).start()
    while True:
        # No kernel caching of names or attributes: a look-up must see what the daemon has.
        try:
            FUSE(fs, mountpoint, foreground=True, nothreads=False, hard_remove=True, big_writes=True,
                 max_write=131072, attr_timeout=0, entry_timeout=0, negative_timeout=0, fsname='powercut',
                 subtype='powercut')
        except RuntimeError:
            # libfuse may end its loop with an error when the unmount aborts a read of /dev/fuse
            # ("Software caused connection abort"): after a requested power-on that is just the unmount
            if not fs.remount:
                raise
        with fs.mutex:
            if not fs.remount:
                return
            fs.remount = False
            fs.handles.clear()
            fs.frozen = False
            fs.mounted_again.set()


if __name__ == '__main__':
    main()
