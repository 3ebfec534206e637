/** Charts (XChart, PNG or embedded data URIs) and the self-contained HTML reports of runs and studies, built only from the files of their folders. */
package dev.regula.report;
