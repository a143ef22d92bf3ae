using System.Globalization;

namespace JointDislocation.ML;

/// <summary>
/// The one validation path of every options type and builder: each states its rules once through
/// <see cref="Require"/>, nested options add theirs under a prefix, and <see cref="ThrowIfInvalid"/> throws one
/// <see cref="ArgumentException"/> whose message is <c>Invalid {subject}: {problem} {problem} …</c>, every problem
/// a sentence formatted in the invariant culture.
/// </summary>
internal sealed class OptionsValidator
{
    private readonly List<string> _problems = [];
    private string _prefix = string.Empty;

    /// <summary>Starts collecting problems of one options object.</summary>
    /// <param name="subject">What is validated, as it reads after "Invalid", e.g. <c>training options</c>.</param>
    internal OptionsValidator(string subject) => Subject = subject;

    /// <summary>What is validated.</summary>
    internal string Subject { get; }

    /// <summary>The problems found so far, prefixes included.</summary>
    internal IReadOnlyList<string> Problems => _problems;

    /// <summary>Records <paramref name="problem"/> unless <paramref name="rule"/> holds.</summary>
    /// <param name="rule">The rule; true when the setting is valid.</param>
    /// <param name="problem">What is wrong, formatted in the invariant culture only when needed.</param>
    internal void Require(bool rule, FormattableString problem)
    {
        if (!rule)
        {
            Add(problem);
        }
    }

    /// <summary>Records a problem, formatted in the invariant culture.</summary>
    /// <param name="problem">What is wrong.</param>
    internal void Add(FormattableString problem) => AddText(problem.ToString(CultureInfo.InvariantCulture));

    /// <summary>Records a problem already formatted (in the invariant culture); a missing final period is added.</summary>
    /// <param name="problem">What is wrong.</param>
    internal void AddText(string problem)
    {
        var sentence = problem.Trim();
        if (sentence.Length > 0 && sentence[^1] is not ('.' or '?' or '!'))
        {
            sentence += ".";
        }

        _problems.Add(_prefix + sentence);
    }

    /// <summary>Adds the rules of nested options, each problem prefixed with <paramref name="prefix"/>.</summary>
    /// <param name="prefix">Prefix such as <c>HeadOptions: </c>; empty for none.</param>
    /// <param name="collect">States the nested rules on this validator.</param>
    internal void Nested(string prefix, Action<OptionsValidator> collect)
    {
        var outer = _prefix;
        _prefix = outer + prefix;
        try
        {
            collect(this);
        }
        finally
        {
            _prefix = outer;
        }
    }

    /// <summary>The combined message.</summary>
    internal string Message => $"Invalid {Subject}: {string.Join(" ", _problems)}";

    /// <summary>Throws one exception listing every problem, when there is any.</summary>
    /// <param name="paramName">The parameter that held the options, when known.</param>
    /// <exception cref="ArgumentException">At least one rule failed.</exception>
    internal void ThrowIfInvalid(string? paramName = null)
    {
        if (_problems.Count > 0)
        {
            throw new ArgumentException(Message, paramName);
        }
    }

    /// <summary>Runs <paramref name="collect"/> on a fresh validator and throws when any rule failed.</summary>
    /// <param name="subject">What is validated.</param>
    /// <param name="collect">States the rules.</param>
    /// <param name="paramName">The parameter that held the options, when known.</param>
    /// <exception cref="ArgumentException">At least one rule failed; the message lists every problem.</exception>
    internal static void Validate(string subject, Action<OptionsValidator> collect, string? paramName = null)
    {
        var validator = new OptionsValidator(subject);
        collect(validator);
        validator.ThrowIfInvalid(paramName);
    }
}
