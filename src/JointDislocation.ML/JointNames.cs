using System.Diagnostics.CodeAnalysis;

namespace JointDislocation.ML;

/// <summary>The lower-case names of <see cref="Joint"/> used in folders, manifests and on the command line.</summary>
public static class JointNames
{
    /// <summary>Every joint, in the study's order of presentation.</summary>
    public static IReadOnlyList<Joint> All { get; } = [Joint.Shoulder, Joint.Elbow, Joint.Hip, Joint.Tha];

    /// <summary>The name of a joint as written in files: <c>shoulder</c>, <c>elbow</c>, <c>hip</c> or <c>tha</c>.</summary>
    /// <param name="joint">The joint.</param>
    /// <returns>The lower-case name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined joint.</exception>
    public static string ToName(this Joint joint) => joint switch
    {
        Joint.Shoulder => "shoulder",
        Joint.Elbow => "elbow",
        Joint.Hip => "hip",
        Joint.Tha => "tha",
        _ => throw new ArgumentOutOfRangeException(nameof(joint), joint, "Unknown joint."),
    };

    /// <summary>Parses a joint name, ignoring case and surrounding white space.</summary>
    /// <param name="text">The name to parse.</param>
    /// <param name="joint">The joint, when the name is known.</param>
    /// <returns><see langword="true"/> when the name is one of <c>shoulder</c>, <c>elbow</c>, <c>hip</c>, <c>tha</c>.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Joint? joint)
    {
        joint = text?.Trim().ToLowerInvariant() switch
        {
            "shoulder" => Joint.Shoulder,
            "elbow" => Joint.Elbow,
            "hip" => Joint.Hip,
            "tha" => Joint.Tha,
            _ => null,
        };
        return joint is not null;
    }

    /// <summary>Parses a joint name.</summary>
    /// <param name="text">The name to parse.</param>
    /// <returns>The joint.</returns>
    /// <exception cref="FormatException">The name is not a known joint; the message lists the known ones.</exception>
    public static Joint Parse(string text) =>
        TryParse(text, out var joint)
            ? joint.Value
            : throw new FormatException($"Unknown joint '{text}'. Known joints: shoulder, elbow, hip, tha.");
}
