/** Training-curve diagnosis: curves from run folders, metrics files and Keras CSVLogger files, and the lecture notes' cases as explicit rules with evidence and advice. */
package dev.regula.diagnose;
