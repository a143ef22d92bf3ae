using System.Security.Cryptography;

namespace JointDislocation.ML.Training;

/// <summary>
/// Where fine-tuned backbones live as files while a process uses them: ONNX Runtime opens a model from a file, and a
/// bundle carries its network as bytes. Content-addressed by SHA-256 under
/// <c>$XDG_CACHE_HOME/jointdislocation-ml/backbones/&lt;sha256&gt;.onnx</c> (<c>~/.cache</c> when the variable is unset),
/// written atomically and only when missing or different, so loading the same bundle twice reuses one file.
/// </summary>
internal static class FineTunedBackboneStore
{
    /// <summary>The store's folder.</summary>
    public static string Root => UserCache.Folder("backbones");

    /// <summary>The name a fine-tuned backbone goes by: <c>resnet18-finetuned</c>.</summary>
    public static string NameFor(string sourceName) => sourceName + "-finetuned";

    /// <summary>Stores ONNX bytes whose SHA-256 the caller has checked, and returns the file's path.</summary>
    /// <param name="bytes">The ONNX file's bytes.</param>
    /// <param name="sha256">Their SHA-256 (lower-case hex).</param>
    /// <param name="origin">Names the bytes' origin in an error.</param>
    /// <returns>The stored file.</returns>
    /// <exception cref="InvalidOperationException">The bytes do not have that SHA-256.</exception>
    public static string Put(byte[] bytes, string sha256, string origin)
    {
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{origin}: SHA-256 {actual}, expected {sha256}.");
        }

        var path = Path.Combine(Root, actual + ".onnx");
        if (!File.Exists(path) || !string.Equals(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), actual, StringComparison.Ordinal))
        {
            Directory.CreateDirectory(Root);
            AtomicFile.WriteAllBytes(path, bytes);
        }

        return path;
    }
}
