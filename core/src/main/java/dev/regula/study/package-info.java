/** Ablation studies: the study file, the runner that trains every variant and seed resumably, and the result table and report. */
package dev.regula.study;
