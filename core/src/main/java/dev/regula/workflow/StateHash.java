package dev.regula.workflow;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.regula.train.Trainer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of everything training changes, read from the live arrays (not from a saved stream):
 * every parameter of the model by name, trainable or not (so batch-norm running means and
 * variances are included), every optimizer buffer (momentum, Adam moments), the optimizer's step
 * count and the trainer's global step. Equal hashes before and after the range test prove that
 * the test left the trainer exactly as it found it.
 */
public final class StateHash {
    private StateHash() {
    }

    public static String of(Trainer trainer) {
        MessageDigest digest = sha256();
        for (Pair<String, Parameter> pair : trainer.model().getParameters()) {
            digest.update(pair.getKey().getBytes(StandardCharsets.UTF_8));
            update(digest, pair.getValue().getArray());
        }
        for (NDArray buffer : trainer.optimizerState()) {
            update(digest, buffer);
        }
        digest.update(ByteBuffer.allocate(16).putLong(trainer.optimizerSteps()).putLong(trainer.globalStep()).array());
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, NDArray array) {
        digest.update(array.getShape().toString().getBytes(StandardCharsets.UTF_8));
        digest.update(array.toByteArray());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
