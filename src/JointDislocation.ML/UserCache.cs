namespace JointDislocation.ML;

/// <summary>
/// The one rule for where the library keeps files for the user between runs:
/// <c>$XDG_CACHE_HOME/jointdislocation-ml/&lt;name&gt;</c>, or <c>~/.cache/jointdislocation-ml/&lt;name&gt;</c> when the
/// variable is unset or not an absolute path.
/// </summary>
internal static class UserCache
{
    /// <summary>The cache folder for one kind of file (not created here).</summary>
    /// <param name="name">For example <c>backbones</c> or <c>torchsharp</c>.</param>
    /// <returns>The folder's full path.</returns>
    public static string Folder(string name)
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "jointdislocation-ml", name);
    }
}
