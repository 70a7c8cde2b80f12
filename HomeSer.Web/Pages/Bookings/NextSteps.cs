using HomeSer.Web.Features.Bookings;

namespace HomeSer.Web.Pages.Bookings;

public enum StepState
{
    Done,
    Current,
    Ahead,
}

public sealed record Step(string Title, string Text, StepState State);

/// <summary>The "what happens next" stepper of a booking page: four steps from request to review, read off the status.</summary>
public sealed record NextSteps(BookingStage? Stage, bool Reviewed, bool PaysByCard)
{
    public IReadOnlyList<Step>? Steps
    {
        get
        {
            // How far along the booking is: 0 requested, 1 confirmed, 2 job running, 3 done, 4 reviewed.
            int? reached = Stage switch
            {
                BookingStage.Requested => 0,
                BookingStage.Confirmed => 1,
                BookingStage.Underway => 2,
                BookingStage.Done => Reviewed ? 4 : 3,
                _ => null,
            };
            if (reached is not { } at)
            {
                return null;
            }
            StepState State(int index) => index < at ? StepState.Done : index == at ? StepState.Current : StepState.Ahead;
            return
            [
                new("Request sent", at == 0 ? "The provider confirms or declines it; we tell you either way." : "The provider has your request.", at == 0 ? StepState.Current : StepState.Done),
                new("Confirmed", "The time is yours. You can still move or cancel it here.", State(1)),
                new("The job", PaysByCard ? "The provider comes at the booked time; your card is charged when the job is done." : "The provider comes at the booked time; you pay when the job is done.", State(2)),
                new("Your review", Reviewed ? "Thank you: your review helps other customers." : "Tell others how it went.", Reviewed ? StepState.Done : State(3)),
            ];
        }
    }
}
