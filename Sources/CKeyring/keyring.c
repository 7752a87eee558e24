#define _GNU_SOURCE
#include "CKeyring.h"
#include <unistd.h>
#include <sys/syscall.h>

#define VP_KEY_SPEC_USER_KEYRING (-4)
#define VP_KEYCTL_SETPERM 5
#define VP_KEYCTL_SEARCH 10
#define VP_KEYCTL_READ 11
#define VP_KEYCTL_SET_TIMEOUT 15
#define VP_KEYCTL_INVALIDATE 21

int32_t vp_keyring_add(const char *description, const void *payload, size_t length) {
    return (int32_t)syscall(SYS_add_key, "user", description, payload, length, VP_KEY_SPEC_USER_KEYRING);
}

int32_t vp_keyring_search(const char *description) {
    return (int32_t)syscall(SYS_keyctl, VP_KEYCTL_SEARCH, VP_KEY_SPEC_USER_KEYRING, "user", description, 0);
}

long vp_keyring_read(int32_t serial, void *buffer, size_t capacity) {
    return syscall(SYS_keyctl, VP_KEYCTL_READ, serial, buffer, capacity);
}

long vp_keyring_set_timeout(int32_t serial, uint32_t seconds) {
    return syscall(SYS_keyctl, VP_KEYCTL_SET_TIMEOUT, serial, seconds);
}

long vp_keyring_set_permissions(int32_t serial, uint32_t permissions) {
    return syscall(SYS_keyctl, VP_KEYCTL_SETPERM, serial, permissions);
}

long vp_keyring_invalidate(int32_t serial) {
    return syscall(SYS_keyctl, VP_KEYCTL_INVALIDATE, serial);
}
