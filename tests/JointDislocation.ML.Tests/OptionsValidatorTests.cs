using System.Globalization;
using JointDislocation.ML.Data;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Tests;

public class OptionsValidatorTests
{
    [Test]
    public void Every_problem_is_collected_in_one_exception_with_invariant_numbers()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var options = new ExperimentOptions { Folds = 1, Level = 1.5, HeadOptions = new HeadTrainingOptions { LearningRate = 2.5f } };

            var error = Assert.Throws<ArgumentException>(options.Validate)!;

            Assert.That(error.Message, Is.EqualTo(
                "Invalid training options: Folds must be ≥ 2 (was 1). Level must lie in (0, 1) (was 1.5). "
                + "HeadOptions: LearningRate must be in (0, 1] (was 2.5)."));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Test]
    public void Nested_options_add_their_problems_under_a_prefix()
    {
        var options = new DuplicateFinderOptions { MaxDistance = 65, Decoding = new ImageDecodingOptions { MaxSide = 0 } };

        var error = Assert.Throws<ArgumentException>(options.Validate)!;

        Assert.That(error.Message, Is.EqualTo(
            "Invalid duplicate finder options: MaxDistance must be between 0 and 64 (was 65). Decoding: MaxSide must be at least 1 (was 0)."));
    }

    [Test]
    public void A_missing_final_period_is_added()
    {
        var validator = new OptionsValidator("things");
        validator.Require(false, $"A must be set");
        validator.Require(true, $"never shown");
        validator.AddText("B is wrong.");

        var error = Assert.Throws<ArgumentException>(() => validator.ThrowIfInvalid())!;

        Assert.That(error.Message, Is.EqualTo("Invalid things: A must be set. B is wrong."));
    }
}
