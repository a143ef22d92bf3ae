using System.Globalization;
using System.Runtime.InteropServices;
using JointDislocation.ML.FineTuning.Native;

namespace JointDislocation.ML.FineTuning.Tests.Native;

public class GlibcAllocatorTests
{
    [Test]
    public void Freed_heap_memory_held_behind_live_blocks_goes_back_to_the_system()
    {
        Assume.That(OperatingSystem.IsLinux(), "malloc_trim is glibc's");

        // 96 MiB in 64 KiB blocks (below the mmap threshold, so from the heap), each followed by a small block that
        // stays: freeing the large ones leaves holes that the heap cannot give back from its top.
        const int Count = 1536;
        const int Size = 64 * 1024;
        var ones = Enumerable.Repeat((byte)1, Size).ToArray();
        var large = new IntPtr[Count];
        var small = new IntPtr[Count];
        try
        {
            for (var i = 0; i < Count; i++)
            {
                large[i] = Marshal.AllocHGlobal(Size);
                small[i] = Marshal.AllocHGlobal(64);
                Marshal.Copy(ones, 0, large[i], Size); // resident, not only reserved
            }

            foreach (var block in large)
            {
                Marshal.FreeHGlobal(block);
            }

            var before = ResidentKilobytes();
            var released = GlibcAllocator.ReleaseFreeMemory();
            var after = ResidentKilobytes();
            TestContext.Out.WriteLine($"resident {before} kB before, {after} kB after; released {released}");

            Assert.Multiple(() =>
            {
                Assert.That(released, Is.True);
                Assert.That(before - after, Is.GreaterThan(48 * 1024), "at least half of the 96 MiB freed");
            });
        }
        finally
        {
            foreach (var block in small)
            {
                Marshal.FreeHGlobal(block);
            }
        }
    }

    private static long ResidentKilobytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
