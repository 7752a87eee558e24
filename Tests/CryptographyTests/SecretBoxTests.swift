import Testing
@testable import Cryptography
import Identifiers

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

import Signatures

@Suite struct SignatureAndSealedBoxTests {
    @Test func signaturesVerifyOnlyTheSignedMessageAndKey() {
        let keys = SigningKeyPair.generate()
        let message = Array("envelope header".utf8)
        let signature = keys.sign(message)
        #expect(keys.publicKey.verifies(signature, of: message))
        #expect(!keys.publicKey.verifies(signature, of: message + [0]))
        #expect(!SigningKeyPair.generate().publicKey.verifies(signature, of: message))
        let restored = SigningKeyPair(seed: keys.exportSeed())!
        #expect(restored.publicKey == keys.publicKey)
    }

    @Test func sealedBoxesOpenOnlyForTheirRecipient() throws {
        let recipient = SigningKeyPair.generate()
        let sealed = try SealedBox.seal([1, 2, 3], to: recipient.publicKey)
        #expect(try SealedBox.open(sealed, with: recipient) == [1, 2, 3])
        #expect(throws: CryptoError.authenticationFailed) { try SealedBox.open(sealed, with: .generate()) }
    }

    @Test func hexRoundTrips() {
        #expect(Hex.encode([0, 0xAB, 0xFF]) == "00abff")
        #expect(Hex.decode("00abFF") == [0, 0xAB, 0xFF])
        #expect(Hex.decode("0g") == nil)
    }
}
