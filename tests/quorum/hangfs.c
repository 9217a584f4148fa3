// hangfs BACKING MOUNTPOINT [FREEZE_FILE [EIO_FILE]]: a FUSE file system with one file, MOUNTPOINT/disk, whose
// bytes are those of the regular file BACKING. It exists so that a test can hang a quorum disk the
// way a dead SAN path does:
//  - `kill -STOP` this server and every request to the file (open, stat, read, write) blocks in
//    the kernel until `kill -CONT`;
//  - while FREEZE_FILE exists, only reads and writes wait (a disk that opens but never answers
//    I/O); a waiting request that its caller abandons (the process exits) is answered EINTR;
//  - while EIO_FILE exists, reads and writes fail with EIO (a disk that answers, but with errors:
//    the guest event daemon's storage-error tests).
// Runs in the foreground, so the test owns exactly one pid; unmounting (fusermount3 -u) ends it.
//
// Every open is direct_io: reads and writes always reach this server, never the page cache, so a
// stopped server hangs them all (a cached read would "succeed" on a dead disk).
#define FUSE_USE_VERSION 35
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int backing_fd = -1;
static const char* freeze_path = NULL;
static const char* eio_path = NULL;
static const char disk_path[] = "/disk";

static int hang_getattr(const char* path, struct stat* st, struct fuse_file_info* fi) {
  (void)fi;
  *st = (struct stat){0};
  if (strcmp(path, "/") == 0) {
    st->st_mode = S_IFDIR | 0755;
    st->st_nlink = 2;
    return 0;
  }
  if (strcmp(path, disk_path) != 0) return -ENOENT;
  struct stat real;
  if (fstat(backing_fd, &real) != 0) return -errno;
  st->st_mode = S_IFREG | 0600;
  st->st_nlink = 1;
  st->st_size = real.st_size;
  st->st_blksize = 4096;
  st->st_blocks = real.st_blocks;
  st->st_mtim = real.st_mtim;
  st->st_ctim = real.st_ctim;
  return 0;
}

static int hang_readdir(const char* path, void* buf, fuse_fill_dir_t fill, off_t off, struct fuse_file_info* fi,
                        enum fuse_readdir_flags flags) {
  (void)off, (void)fi, (void)flags;
  if (strcmp(path, "/") != 0) return -ENOENT;
  fill(buf, ".", NULL, 0, 0);
  fill(buf, "..", NULL, 0, 0);
  fill(buf, disk_path + 1, NULL, 0, 0);
  return 0;
}

static int hang_open(const char* path, struct fuse_file_info* fi) {
  if (strcmp(path, disk_path) != 0) return -ENOENT;
  fi->direct_io = 1;
  return 0;
}

// Waits while the freeze file exists; gives up when the kernel says the caller is gone.
static int wait_thawed(void) {
  while (freeze_path && access(freeze_path, F_OK) == 0) {
    if (fuse_interrupted()) return -EINTR;
    usleep(20000);
  }
  if (eio_path && access(eio_path, F_OK) == 0) return -EIO;
  return 0;
}

static int hang_read(const char* path, char* buf, size_t size, off_t off, struct fuse_file_info* fi) {
  (void)path, (void)fi;
  int frozen = wait_thawed();
  if (frozen) return frozen;
  ssize_t n = pread(backing_fd, buf, size, off);
  return n < 0 ? -errno : (int)n;
}

static int hang_write(const char* path, const char* buf, size_t size, off_t off, struct fuse_file_info* fi) {
  (void)path, (void)fi;
  int frozen = wait_thawed();
  if (frozen) return frozen;
  ssize_t n = pwrite(backing_fd, buf, size, off);
  return n < 0 ? -errno : (int)n;
}

static int hang_truncate(const char* path, off_t size, struct fuse_file_info* fi) {
  (void)fi;
  if (strcmp(path, disk_path) != 0) return -ENOENT;
  return ftruncate(backing_fd, size) == 0 ? 0 : -errno;
}

// O_DSYNC writes end in an fsync request: pass it on, so "written" means on the backing file's disk.
static int hang_fsync(const char* path, int datasync, struct fuse_file_info* fi) {
  (void)path, (void)fi;
  return (datasync ? fdatasync(backing_fd) : fsync(backing_fd)) == 0 ? 0 : -errno;
}

static void* hang_init(struct fuse_conn_info* conn, struct fuse_config* cfg) {
  (void)conn;
  // No attribute or entry caching: a stat of the hung disk must hang too, as on a dead device.
  cfg->attr_timeout = 0;
  cfg->entry_timeout = 0;
  cfg->negative_timeout = 0;
  cfg->direct_io = 1;
  return NULL;
}

static const struct fuse_operations hang_ops = {
    .getattr = hang_getattr,
    .truncate = hang_truncate,
    .open = hang_open,
    .read = hang_read,
    .write = hang_write,
    .fsync = hang_fsync,
    .readdir = hang_readdir,
    .init = hang_init,
};

int main(int argc, char** argv) {
  if (argc < 3 || argc > 5) {
    fprintf(stderr,
            "usage: hangfs BACKING MOUNTPOINT [FREEZE_FILE [EIO_FILE]]\n"
            "  kill -STOP hangs the disk, kill -CONT resumes it; reads and writes wait while FREEZE_FILE exists\n"
            "  and fail with EIO while EIO_FILE exists\n");
    return 2;
  }
  backing_fd = open(argv[1], O_RDWR | O_CLOEXEC);
  if (backing_fd < 0) {
    fprintf(stderr, "hangfs: %s: %s\n", argv[1], strerror(errno));
    return 1;
  }
  if (argc >= 4 && argv[3][0]) freeze_path = argv[3];
  if (argc == 5) eio_path = argv[4];
  // Multi-threaded: a frozen read must not keep the server from answering open and stat.
  // (max_threads given: libfuse 3.14's fuse_main otherwise warns about an unset value.)
  char* fuse_argv[] = {argv[0], "-f", "-o", "fsname=hangfs,subtype=hangfs,max_threads=8", argv[2], NULL};
  return fuse_main(5, fuse_argv, &hang_ops, NULL);
}
