/** Regula's root package: {@link dev.regula.InvalidInputException}, the one exception for every user-caused error (its message names the file or key, what was found and what was expected; the CLI maps it to exit code 2). */
package dev.regula;
