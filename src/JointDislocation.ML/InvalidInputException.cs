namespace JointDislocation.ML;

/// <summary>
/// Input that the library refuses: a file that cannot be decoded, a manifest row that does not parse, an unknown
/// label, a damaged model bundle. The message names the file or row and the reason. The command-line tool maps it
/// to exit code 2.
/// </summary>
public class InvalidInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidInputException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was refused and why.</param>
    public InvalidInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What was refused and why.</param>
    /// <param name="innerException">The underlying error.</param>
    public InvalidInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a file or a manifest row.</summary>
    /// <param name="path">The file concerned.</param>
    /// <param name="row">The 1-based row in that file, when the problem is a row of a table.</param>
    /// <param name="reason">Why it was refused.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public InvalidInputException(string path, int? row, string reason, Exception? innerException = null)
        : base(Format(path, row, reason), innerException)
    {
        Path = path;
        Row = row;
        Reason = reason;
    }

    /// <summary>The file concerned, when known.</summary>
    public string? Path { get; }

    /// <summary>The 1-based row of a table, when the problem is a row.</summary>
    public int? Row { get; }

    /// <summary>Why the input was refused, without the location.</summary>
    public string? Reason { get; }

    private static string Format(string path, int? row, string reason) =>
        row is null ? $"{path}: {reason}" : $"{path}, row {row}: {reason}";
}
