using System.Runtime.InteropServices;

namespace JointDislocation.ML.FineTuning.Native;

/// <summary>
/// libtorch's CPU kernels run on GNU OpenMP (the <c>libgomp</c> TorchSharp ships), whose threads spin at the end of
/// every parallel region unless <c>OMP_WAIT_POLICY=PASSIVE</c>. On a machine whose cores other processes also use
/// (CI, shared servers) the spinning threads take turns away from the working ones: measured on this 2-core machine
/// under load, a ResNet18 forward and backward pass ran at 0.72 images/s with the default and 2.34 with PASSIVE (same
/// two threads; two runs, load average 26 and 44), the frozen ONNX Runtime path at 5.9 and 7.5. libgomp reads the variable once, when it is loaded, from the
/// process's C environment, which .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not
/// write on Unix; so it is set with the C library's <c>setenv</c>, before libgomp loads, and only when the user has
/// not set it.
/// </summary>
internal static class OpenMpEnvironment
{
    /// <summary>The variable libgomp reads.</summary>
    public const string WaitPolicy = "OMP_WAIT_POLICY";

    /// <summary>Sets <c>OMP_WAIT_POLICY=PASSIVE</c> in the C environment unless it is set (Linux only; elsewhere nothing).</summary>
    /// <returns>True when this call set it.</returns>
    public static bool PreferPassiveWaiting()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(WaitPolicy) is not null)
        {
            return false;
        }

        return SetEnvironment(NulTerminated(WaitPolicy), NulTerminated("PASSIVE"), overwrite: 0) == 0;
    }

    private static byte[] NulTerminated(string text) => [.. System.Text.Encoding.UTF8.GetBytes(text), 0];

    // byte arrays are blittable: no string marshalling, so no unsafe code for the source-generated LibraryImport.
    [DllImport("libc", EntryPoint = "setenv")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetEnvironment(byte[] name, byte[] value, int overwrite);
}
