using System.Runtime.InteropServices;
using JointDislocation.ML.FineTuning.Native;

namespace JointDislocation.ML.FineTuning.Tests.Native;

public class OpenMpEnvironmentTests
{
    [Test]
    public void After_loading_libgomp_sees_passive_waiting_unless_the_user_chose()
    {
        var chosen = Environment.GetEnvironmentVariable(OpenMpEnvironment.WaitPolicy);
        TorchSharpNativeLoader.EnsureLoaded();

        // What libgomp read: the C environment, which .NET's Environment does not show.
        var value = Marshal.PtrToStringUTF8(GetEnvironment([.. "OMP_WAIT_POLICY"u8, 0]));

        Assert.That(value, Is.EqualTo(chosen ?? "PASSIVE"));
    }

    [DllImport("libc", EntryPoint = "getenv")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr GetEnvironment(byte[] name);
}
