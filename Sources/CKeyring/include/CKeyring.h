#ifndef VP_CKEYRING_H
#define VP_CKEYRING_H
#include <stddef.h>
#include <stdint.h>

/// Thin wrappers over the add_key/keyctl system calls (glibc has no wrappers and Swift
/// cannot call the variadic syscall()). Each returns -1 and sets errno on failure.

/// Adds (or replaces) a "user" key in the caller's user keyring; returns its serial.
int32_t vp_keyring_add(const char *description, const void *payload, size_t length);
/// Finds a "user" key by description in the user keyring; returns its serial.
int32_t vp_keyring_search(const char *description);
/// Copies at most `capacity` bytes of the key into `buffer`; returns the key's length.
long vp_keyring_read(int32_t serial, void *buffer, size_t capacity);
/// Sets the key to expire after `seconds` (0 = never).
long vp_keyring_set_timeout(int32_t serial, uint32_t seconds);
/// Sets the key's permission mask.
long vp_keyring_set_permissions(int32_t serial, uint32_t permissions);
/// Invalidates the key at once.
long vp_keyring_invalidate(int32_t serial);

#endif
