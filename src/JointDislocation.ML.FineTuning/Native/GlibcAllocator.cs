using System.Runtime.InteropServices;

namespace JointDislocation.ML.FineTuning.Native;

/// <summary>
/// libtorch allocates its CPU tensors with <c>malloc</c>. glibc serves a block of 128 KiB or more with its own
/// <c>mmap</c>, returned to the system when freed, but each time it frees such a block it raises that threshold to the
/// block's size (up to 32 MiB); from then on a training step's tensors come from the heap, whose free pages stay with
/// the process. So the resident memory keeps the most any step needed, fragmented, and grows with each network
/// fine-tuned in the same process. <see cref="ReleaseFreeMemory"/> hands the free pages back (<c>malloc_trim</c>);
/// the fine-tuner calls it after every epoch and at the end of a run, where nothing is being computed, so the steps
/// keep reusing the heap at full speed. Measured with <c>jdml reproduce --quick --joints hip --seed 10
/// --finetune-epochs 3</c> (four whole-network fine-tunings at 448 × 448, 2 cores): peak resident memory 6.8 GiB in
/// 242 s without it, 4.2 GiB in 256 s with it (runs vary by about ten seconds), the same model and figures
/// (docs/performance.md).
/// </summary>
internal static class GlibcAllocator
{
    /// <summary>Returns the heap's free pages to the system (glibc's <c>malloc_trim(0)</c>; Linux only).</summary>
    /// <returns>True when memory was released; false when there was none to release, off Linux, or off glibc.</returns>
    public static bool ReleaseFreeMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return Trim(0) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // musl and other C libraries have no malloc_trim; a memory hint is never worth failing a run for.
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Trim(nuint pad);
}
