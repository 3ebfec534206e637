/** Hyperparameter search: the search file, parameter space, samplers (grid, random, TPE), pruners (median, ASHA, Hyperband), the SQLite study database, workers, Optuna export and the report. */
package dev.regula.tuning;
