package dev.regula.runtime;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The allocator settings: applied on glibc, skipped where asked or elsewhere, and really in effect. */
class GlibcAllocatorTest {
    private static boolean glibc() {
        try {
            NativeLibrary.getInstance("c").getFunction("gnu_get_libc_version");
            return System.getProperty("os.name").startsWith("Linux");
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    @Test
    void optOutAndOtherSystemsAreNoOps() {
        assertThat(GlibcAllocator.apply(Map.of(), "false", "Linux")).startsWith("off");
        assertThat(GlibcAllocator.apply(Map.of(GlibcAllocator.ENVIRONMENT, "off"), null, "Linux")).startsWith("off");
        assertThat(GlibcAllocator.apply(Map.of(), null, "Mac OS X")).contains("not Linux");
        assertThat(GlibcAllocator.apply(Map.of(), null, null)).contains("not Linux");
    }

    @Test
    void keepsWhatTheEnvironmentSetAndAppliesTheRest() {
        Assumptions.assumeTrue(glibc(), "needs Linux with glibc");
        String outcome = GlibcAllocator.apply(Map.of("MALLOC_TOP_PAD_", "1"), null, "Linux");
        assertThat(outcome).startsWith("glibc 2.").contains("mmap_threshold=2147483647", "trim_threshold=2147483647",
                "MALLOC_TOP_PAD_ kept from the environment").doesNotContain("refused");
    }

    /** glibc's mallinfo2: hblks counts chunks that malloc took straight from mmap. */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost"})
    public static class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
    }

    @Test
    void aLargeBlockNoLongerComesFromMmap() {
        Assumptions.assumeTrue(glibc(), "needs Linux with glibc");
        Assumptions.assumeTrue(System.getenv("MALLOC_MMAP_THRESHOLD_") == null, "the environment sets the threshold");
        NativeLibrary libc = NativeLibrary.getInstance("c");
        Function malloc = libc.getFunction("malloc");
        Function free = libc.getFunction("free");
        Function mallinfo2 = libc.getFunction("mallinfo2");
        Function mallopt = libc.getFunction("mallopt");
        // another test may have built a Trainer already: put glibc's default threshold (128 KiB) back first
        assertThat(mallopt.invokeInt(new Object[] {-3, 128 * 1024})).isEqualTo(1);
        // at that threshold a 48 MiB block is mmapped; 48 MiB also fits a thread arena's 64 MiB heap,
        // so once the threshold is raised it comes from a heap
        long before = mmapped(mallinfo2);
        Pointer big = (Pointer) malloc.invoke(Pointer.class, new Object[] {48L << 20});
        assertThat(mmapped(mallinfo2)).isEqualTo(before + 1);
        free.invoke(new Object[] {big});
        String outcome = GlibcAllocator.apply(Map.of(), null, "Linux");
        Pointer after = (Pointer) malloc.invoke(Pointer.class, new Object[] {48L << 20});
        assertThat(mmapped(mallinfo2)).as(outcome).isEqualTo(before); // from the heap now
        free.invoke(new Object[] {after});
        assertThat(outcome).startsWith("glibc").doesNotContain("refused");
    }

    private static long mmapped(Function mallinfo2) {
        return ((MallInfo2) mallinfo2.invoke(MallInfo2.class, new Object[0])).hblks;
    }
}
