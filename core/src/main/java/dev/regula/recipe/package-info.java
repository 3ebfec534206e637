/** Recipes: the immutable {@link dev.regula.recipe.Recipe} records (defaults in {@link dev.regula.recipe.Recipe#defaults()} only), the YAML loader with key checks and overrides, and the validator. */
package dev.regula.recipe;
