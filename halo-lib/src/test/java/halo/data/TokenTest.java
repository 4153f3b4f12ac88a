package halo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TokenTest {
  @Test
  void givenBucketTokensWhenLabelledThenBoundsReadAsPeopleWriteThem() {
    // the gap bucket, once shown as "[357.0, 2.282e+04) days"
    assertEquals("days since previous visit [357, 22820) days",
        new Token(CodeKind.GAP, "days", 9, "days", 357.0, 22820.0, "days since previous visit").label());
    assertEquals("Glucose [5.25, 7.5) mmol/L", new Token(CodeKind.LAB, "2345-7", 2, "mmol/L", 5.25, 7.5, "Glucose").label());
    assertEquals("0.01235", Token.readable(0.012345));
    assertEquals("1235", Token.readable(1234.56));
  }
}
