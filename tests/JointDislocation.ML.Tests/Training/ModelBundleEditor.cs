using System.IO.Compression;

namespace JointDislocation.ML.Tests.Training;

/// <summary>Edits one entry of a saved model bundle in place, to build damaged or hand-changed bundles for tests.</summary>
internal static class ModelBundleEditor
{
    /// <summary>Replaces the entry's bytes with <paramref name="change"/> of them.</summary>
    public static void Rewrite(string bundlePath, string entryName, Func<byte[], byte[]> change)
    {
        using var zip = ZipFile.Open(bundlePath, ZipArchiveMode.Update);
        var entry = zip.GetEntry(entryName) ?? throw new InvalidOperationException($"{bundlePath} has no entry {entryName}.");
        byte[] bytes;
        using (var stream = entry.Open())
        using (var buffer = new MemoryStream())
        {
            stream.CopyTo(buffer);
            bytes = buffer.ToArray();
        }

        entry.Delete();
        using var replaced = zip.CreateEntry(entryName).Open();
        replaced.Write(change(bytes));
    }

    /// <summary>Replaces the text of a UTF-8 entry (such as <c>manifest.json</c>) with <paramref name="change"/> of it.</summary>
    public static void RewriteText(string bundlePath, string entryName, Func<string, string> change) =>
        Rewrite(bundlePath, entryName, bytes => new System.Text.UTF8Encoding(false).GetBytes(change(System.Text.Encoding.UTF8.GetString(bytes))));
}
