// SPDX-License-Identifier: GPL-2.0
/*
 * getdents-probe: the old getdents(2), whose records fs/readdir.c's
 * filldir() writes (busybox reads directories with getdents64, which
 * goes through filldir64() instead).
 *
 *   getdents-probe DIR		read DIR; exit 0 if it has entries
 *   getdents-probe -a ADDR DIR	read DIR into ADDR; exit 0 on EFAULT
 *
 * filldir() checks the buffer with access_ok(), whose bound is the
 * runtime constant USER_PTR_MAX: with the right immediate, an address
 * just above it fails that check.  With the compiler's placeholder the
 * check would pass and the write would fault on a non-canonical
 * address, which the kernel reports with a warning.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char buf[65536];
	unsigned long addr = 0;
	long n, count = 0;
	int fd;

	if (argc == 4 && !strcmp(argv[1], "-a")) {
		addr = strtoul(argv[2], NULL, 0);
		argv += 2;
		argc -= 2;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: getdents-probe [-a ADDR] DIR\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	if (addr) {
		n = syscall(SYS_getdents, fd, (void *)addr, 4096);
		if (n < 0 && errno == EFAULT)
			return 0;
		fprintf(stderr, "getdents into %#lx: %ld (%s)\n", addr, n,
			n < 0 ? strerror(errno) : "no error");
		return 1;
	}
	while ((n = syscall(SYS_getdents, fd, buf, sizeof(buf))) > 0) {
		long off = 0;

		/* struct linux_dirent: d_ino, d_off, then d_reclen. */
		while (off < n) {
			unsigned short reclen;

			memcpy(&reclen, buf + off + 2 * sizeof(long),
			       sizeof(reclen));
			if (!reclen)
				return 1;
			off += reclen;
			count++;
		}
	}
	if (n < 0) {
		perror("getdents");
		return 1;
	}
	printf("%ld entries\n", count);
	return count > 0 ? 0 : 1;
}
