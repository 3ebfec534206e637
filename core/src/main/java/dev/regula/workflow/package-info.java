/** The lecture notes' training workflow: the sanity check on a tiny subset and the learning-rate range test with its suggestions. */
package dev.regula.workflow;
