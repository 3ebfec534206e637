/**
 * The Java API: train, regularize and predict from a user's own program. {@link dev.regula.api.TrainingConfig}
 * builds the same typed recipe a YAML file makes (defaults from {@link dev.regula.recipe.Recipe#defaults()}),
 * with {@link dev.regula.api.Regularizers} and {@link dev.regula.api.Augmentations} as typed values;
 * {@link dev.regula.api.Training} runs it on the configuration's data, in-memory arrays
 * ({@link dev.regula.api.ImageArrays}) or a DJL dataset ({@link dev.regula.api.DjlDatasets}), with a
 * registry model or the user's own DJL block ({@link dev.regula.api.CustomModel}); the
 * {@link dev.regula.api.TrainingResult} opens a {@link dev.regula.api.TrainedModel} for plain and Monte
 * Carlo predictions with abstention ({@link dev.regula.api.Predictions}).
 */
package dev.regula.api;
