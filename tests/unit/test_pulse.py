"""Pulse results are kept only where enough answered, and no sum of shown figures lets anyone
work out a group that was not shown."""

from hypothesis import given
from hypothesis import strategies as st

from domain.catalogue import Domain
from domain.pulse import SCALE, Answer, agreeing, combined, kept, tally

ANSWERS = st.sampled_from(list(Answer))
BALLOT = st.fixed_dictionaries({domain.value: ANSWERS for domain in Domain})
TEAM = st.tuples(st.lists(BALLOT, max_size=12), st.integers(3, 8))  # ballots and the team's threshold


def test_prefer_not_to_say_is_not_counted_and_agreeing_is_a_share_of_the_scale():
    counted = tally([{d.value: a for d in Domain} for a in (Answer.AGREE, Answer.STRONGLY_AGREE, Answer.DISAGREE,
                                                            Answer.PREFER_NOT)])
    assert sum(counted["availability"].values()) == 3
    assert agreeing(counted["availability"]) == 2 / 3


@given(st.lists(TEAM, min_size=1, max_size=6))
def test_no_shown_sum_reveals_a_group_below_its_threshold(teams):
    shown = []
    for ballots, threshold in teams:
        part = kept(tally(ballots), len(ballots), threshold)
        for counts in part.values():  # every kept figure stands for enough people
            assert len(ballots) >= threshold and sum(counts.values()) >= threshold
        shown.append(part)
    total = combined(shown)
    everything = combined([tally(ballots) for ballots, _ in teams])  # what a leaky roll-up would show
    assert all(total.get(d, {}).get(a, 0) <= n for d, counts in everything.items() for a, n in counts.items())
    # The roll-up is exactly the shown parts: taking any of them away leaves a sum of shown parts,
    # never the figures of a group that was held back.
    for leaving_out in range(len(shown)):
        rest = combined(shown[:leaving_out] + shown[leaving_out + 1:])
        for domain, counts in total.items():
            left = {a: counts[a] - rest.get(domain, {}).get(a, 0) for a in counts}
            assert left == shown[leaving_out].get(domain, {a.value: 0 for a in SCALE})
