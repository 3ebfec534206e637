package dev.regula.spark;

import dev.regula.active.DatasetPool;
import dev.regula.data.DatasetLoader;
import dev.regula.data.DatasetSplits;
import dev.regula.data.ImageDataset;
import dev.regula.recipe.Recipe;
import dev.regula.train.Trainer;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An executor's copy of one active-learning round: the recipe's data (read once per executor
 * and kept while the recipe's data stays the same), the pool over its training split, and the
 * round's trainer rebuilt from the recipe and the labelled indices (so its normalization is
 * fitted on the same images as the driver's) with the driver's weights loaded bit for bit. One
 * round is kept per executor; the next round's replaces it.
 */
final class RoundModel {
    private static String dataKey;
    private static DatasetSplits data;
    private static String roundKey;
    private static RoundModel current;

    final Trainer trainer;
    final DatasetPool pool;

    private RoundModel(Trainer trainer, DatasetPool pool) {
        this.trainer = trainer;
        this.pool = pool;
    }

    /** The round {@code key}, built on first use in this executor. */
    static synchronized RoundModel get(String key, String recipeYaml, int[] labelled, byte[] weights,
                                       String regulaData) {
        if (key.equals(roundKey)) {
            return current;
        }
        if (current != null) {
            current.trainer.close();
            current = null;
            roundKey = null;
        }
        Recipe recipe = RemoteRecipe.read(recipeYaml);
        String wanted = recipe.data() + "|" + recipe.seed() + "|" + regulaData;
        if (!wanted.equals(dataKey)) {
            data = DatasetLoader.load(recipe.data(), recipe.seed(), regulaData);
            dataKey = wanted;
        }
        ImageDataset train = data.train().subset(labelled, "acquired labels");
        Trainer trainer = new Trainer(recipe, new DatasetSplits(train, data.validation(), data.test()));
        try {
            trainer.load(new DataInputStream(new ByteArrayInputStream(weights)));
        } catch (IOException e) {
            trainer.close();
            throw new UncheckedIOException("cannot read the round's weights", e);
        }
        current = new RoundModel(trainer, new DatasetPool(data.train()));
        roundKey = key;
        return current;
    }
}
