import Testing
@testable import Cryptography

@Suite struct SecretBoxTests {
    @Test func sealThenOpenRoundTrips() throws {
        let key = SymmetricKey.random()
        let message = Array("vertrouwelijk".utf8)
        let sealed = try SecretBox.seal(message, key: key, associatedData: [1, 2])
        #expect(sealed.count == message.count + SecretBox.overhead)
        #expect(try SecretBox.open(sealed, key: key, associatedData: [1, 2]) == message)
    }

    @Test func tamperedCiphertextWrongKeyOrWrongContextFail() throws {
        let key = SymmetricKey.random()
        var sealed = try SecretBox.seal([1, 2, 3], key: key)
        #expect(throws: CryptoError.authenticationFailed) { try SecretBox.open(sealed, key: .random()) }
        #expect(throws: CryptoError.authenticationFailed) { try SecretBox.open(sealed, key: key, associatedData: [9]) }
        sealed[sealed.count - 1] ^= 1
        #expect(throws: CryptoError.authenticationFailed) { try SecretBox.open(sealed, key: key) }
        #expect(throws: CryptoError.malformedCiphertext) { try SecretBox.open([1, 2], key: key) }
    }

    @Test func nonceIsFreshEachTime() throws {
        let key = SymmetricKey.random()
        #expect(try SecretBox.seal([0], key: key) != SecretBox.seal([0], key: key))
    }

    @Test func argon2idIsDeterministicPerSaltAndPassphrase() throws {
        let salt = SecureRandom.bytes(PassphraseKDF.saltLength)
        let kdf = PassphraseKDF.interactive
        let a = try kdf.deriveKey(passphrase: Array("correct horse".utf8), salt: salt)
        let b = try kdf.deriveKey(passphrase: Array("correct horse".utf8), salt: salt)
        let c = try kdf.deriveKey(passphrase: Array("wrong horse".utf8), salt: salt)
        #expect(a.exportBytes() == b.exportBytes())
        #expect(a.exportBytes() != c.exportBytes())
        #expect(throws: CryptoError.invalidKeyLength(3)) { try SymmetricKey(bytes: [1, 2, 3]) }
    }
}
