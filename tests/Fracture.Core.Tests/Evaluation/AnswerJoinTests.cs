using Fracture.Core.Evaluation;
using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Evaluation;

public sealed class AnswerJoinTests
{
    private static readonly LabelledImage[] Truth = [new("a.jpg", 1), new("b.jpg", 0), new("c.jpg", 3)];

    [Fact]
    public void Answers_join_the_split_by_file_name_in_the_splits_order()
    {
        ClassifierAnswer[] answers =
        [
            new("c.jpg", 2, 0.6, 0.7),
            new("elsewhere.jpg", 0, 0.9, 0.1),
            new("a.jpg", 1, 0.8, 0.95),
        ];

        var joined = AnswerJoin.Of(Truth, answers);

        Assert.Equal([new ClassifiedImage("a.jpg", 1, 1, 0.95), new ClassifiedImage("c.jpg", 3, 2, 0.7)], joined.Images);
        Assert.Equal(["b.jpg"], joined.Unanswered);
        Assert.Equal(1, joined.OffSplit);
    }

    [Fact]
    public void An_answer_without_a_fracture_probability_is_refused()
    {
        var error = Assert.Throws<PredictionsFormatException>(() => AnswerJoin.Of(Truth, [new ClassifierAnswer("b.jpg", 0, 0.9, null)]));

        Assert.Equal("the answer for b.jpg has no fractureProbability: scoring needs a classifier with a 'no fracture' class (class 0)", error.Message);
    }
}
