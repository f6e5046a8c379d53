#ifndef SWITCHBOARD_COPENSSL_SHIM_H
#define SWITCHBOARD_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/bn.h>
#include <openssl/kdf.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/crypto.h>

/* Keys an HMAC context (EVP_MAC "HMAC") with the named digest.  Built here in
 * C because OSSL_PARAM keeps pointers to its strings: from Swift they would
 * dangle once the call that made them returns. */
static inline int switchboard_hmac_init(EVP_MAC_CTX *ctx, const unsigned char *key, size_t key_length,
                                        const char *digest_name) {
    OSSL_PARAM params[2];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)digest_name, 0);
    params[1] = OSSL_PARAM_construct_end();
    return EVP_MAC_init(ctx, key, key_length, params);
}

/* The reason of the first queued OpenSSL error (NULL when none is queued or
 * it has no text), emptying the thread's error queue either way so that a
 * stale entry cannot show up on a later, unrelated failure. */
static inline const char *switchboard_take_error_reason(void) {
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    return code == 0 ? NULL : ERR_reason_error_string(code);
}
#endif
