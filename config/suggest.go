package config

import "strings"

// suggest returns the valid key nearest to key when it is close enough to
// be a typo (case ignored), or "".
func suggest(key string, valid []string) string {
	key = strings.ToLower(key)
	best, bestDist := "", max(1, len(key)/3)+1
	for _, v := range valid {
		if d := editDistance(key, v); d < bestDist {
			best, bestDist = v, d
		}
	}
	return best
}

// editDistance counts the byte insertions, deletions, substitutions and
// adjacent swaps that turn a into b (optimal string alignment distance),
// so "tpye" is one edit from "type".
func editDistance(a, b string) int {
	rows := [3][]int{make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)}
	for j := range rows[1] {
		rows[1][j] = j
	}
	for i := 1; i <= len(a); i++ {
		older, prev, cur := rows[0], rows[1], rows[2]
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], older[j-2]+1)
			}
		}
		rows = [3][]int{prev, cur, older}
	}
	return rows[1][len(b)]
}
